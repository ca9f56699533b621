import ArgumentParser

@main
struct Lightbox: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lightbox",
        abstract: "Review AI suggestions on CT studies in the terminal.",
        discussion: """
        Lightbox reads DICOM (files, folders, DICOMDIR) and PNG, draws CT slices with \
        Unicode block graphics, and writes synthetic demo studies. Everything works offline.
        """,
        version: "0.1.0",
        subcommands: [InfoCommand.self, RenderCommand.self, ConvertCommand.self, DemoCommand.self,
                      TermInfoCommand.self, ViewCommand.self, ImportCommand.self, ExportCommand.self, AuditCommand.self, UsersCommand.self]
    )
}
