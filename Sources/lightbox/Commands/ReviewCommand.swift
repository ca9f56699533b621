import ArgumentParser
import CaseStore
import ReviewUI

struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Open the worklist and review cases (what `lightbox` alone does).",
        discussion: """
        The worklist lists the cases of the store; Enter opens one at the AI's key slice. In the case \
        view a accepts the AI's finding, r rejects it, c corrects it (label, location, difficulty, \
        note); each decision is saved before the screen says so, and the next pending case opens. \
        ? lists every key. Decisions are attributed to the OS user running Lightbox; reviewers and \
        trainers may decide, viewers only look. With --model (or `model` in config.toml), a case opened \
        without a suggestion gets the model's, computed in the background while you look at it. Needs a \
        terminal of at least \(ReviewLayout.minimumCols)x\(ReviewLayout.minimumRows).

          $ lightbox review --model /srv/lightbox/models/fused-0.1
        """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("A model folder: a case opened without any suggestion gets this model's, computed in the background "
                               + "(default: `model` in config.toml).", valueName: "dir"))
    var model: String?

    @OptionGroup var options: ReviewOptions

    func run() throws {
        try reportingStoreFailures {
            let opened = try store.open()
            let directory = try model.map { try ModelRun.load($0) } ?? ModelRun.loadConfigured(try UserConfig.load())
            try options.run(store: opened, suggestions: directory.map { CaseSuggester(directory: $0, store: opened).reviewWorker })
        }
    }
}
