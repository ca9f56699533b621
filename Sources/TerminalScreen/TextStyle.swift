/// How text panes look; curses attributes and colour pairs are chosen per terminal by the screen.
public enum TextStyle: Sendable {
    case plain
    /// Bold: titles and key names.
    case strong
    /// Reverse video: the status and key bars, readable in every colour mode including monochrome.
    case bar
    /// Must not be missed (the synthetic-data marker): bold yellow on red when colours exist, else reverse bold.
    case warning
}
