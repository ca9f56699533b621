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
        trainers may decide, viewers only look. Needs a terminal of at least \
        \(ReviewLayout.minimumCols)x\(ReviewLayout.minimumRows).

          $ lightbox review --db /srv/lightbox/cases.sqlite
        """
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var options: ReviewOptions

    func run() throws {
        try reportingStoreFailures {
            try options.run(store: try store.open())
        }
    }
}
