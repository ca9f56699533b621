import ArgumentParser

@main
struct Lightbox: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lightbox",
        abstract: "Review AI suggestions on CT studies in the terminal.",
        discussion: """
        Without a subcommand Lightbox opens the review screens (`lightbox review`). It reads DICOM \
        (files, folders, DICOMDIR) and PNG, draws CT slices with Unicode block graphics, keeps \
        cases and decisions in a case store, trains and runs its image + report model in process, \
        and writes synthetic demo studies. Everything works offline.
        """,
        version: "0.1.0",
        subcommands: [ReviewCommand.self, InfoCommand.self, RenderCommand.self, ConvertCommand.self, DemoCommand.self,
                      TermInfoCommand.self, ViewCommand.self, ImportCommand.self, ExportCommand.self, AuditCommand.self, UsersCommand.self, TrainCommand.self, InferCommand.self, EvalCommand.self],
        defaultSubcommand: ReviewCommand.self
    )
}
