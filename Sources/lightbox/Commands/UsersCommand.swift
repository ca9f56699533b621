import ArgumentParser
import CaseStore
import Foundation

struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Who may do what in the case store.",
        discussion: """
        Roles: viewer (reads), reviewer (decides), trainer (decides and exports), admin (imports \
        and manages users). The first user to act on an empty store becomes its admin.
        """,
        subcommands: [Add.self, List.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give a user a role, or change it (admin only).",
            discussion: "  $ lightbox users add jsmith reviewer"
        )

        @Argument(help: "The user's login name on this server.")
        var name: String

        @Argument(help: ArgumentHelp("The role.", valueName: Role.allCases.map(\.rawValue).joined(separator: "|")))
        var role: Role

        @OptionGroup var store: StoreOptions

        func run() throws {
            try reportingStoreFailures {
                let user = try store.open().setRole(role, for: name)
                writeOut("\(user.name) is now a \(user.role.rawValue)\n")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the users and their roles.")

        @OptionGroup var store: StoreOptions

        func run() throws {
            try reportingStoreFailures {
                let users = try store.open().users()
                let width = users.map(\.name.count).max() ?? 0
                writeOut(users.map { $0.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.role.rawValue + "\n" }.joined())
            }
        }
    }
}
