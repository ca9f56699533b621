import Configuration
import TerminalGraphics
import TerminalScreen

extension Styles {
    /// The theme's roles as text styles for a terminal in `colorMode`: colours become the curses colour
    /// numbers that terminal has, and the monochrome attributes stay for NO_COLOR and mono terminals.
    public init(theme: Theme, colorMode: ColorMode) {
        func style(_ role: ThemeRole) -> TextStyle {
            let themed = theme[role]
            func number(_ color: ThemeColor) -> Int? {
                guard case let .index(index)? = color.resolved(for: colorMode) else { return nil }
                return Int(index)
            }
            return TextStyle(foreground: number(themed.foreground), background: number(themed.background),
                             attributes: TextStyle.Attributes(themed.attributes), monochrome: TextStyle.Attributes(themed.monochrome))
        }
        self.init()
        text = style(.text); title = style(.title); bar = style(.bar); selection = style(.selection); dim = style(.dim)
        warning = style(.warning); error = style(.error); success = style(.success); pending = style(.pending)
        reviewed = style(.reviewed); accent = style(.accent); probability = style(.probability)
        probabilityTop = style(.probabilityTop); highlight = style(.highlight); border = style(.border)
    }
}

extension TextStyle.Attributes {
    init(_ attributes: TextAttributes) {
        self = []
        let pairs: [(TextAttributes, TextStyle.Attributes)] = [(.bold, .bold), (.underline, .underline), (.reverse, .reverse),
                                                              (.dim, .dim), (.italic, .italic)]
        for (theirs, ours) in pairs where attributes.contains(theirs) { insert(ours) }
    }
}
