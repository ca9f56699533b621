import Configuration
import Foundation

/// The user's config.toml, read once per run (the store path and the review screens both ask). A
/// broken file stops the command with the file, line and problem rather than being half-applied.
enum UserConfig {
    private static let loaded: Result<LightboxConfig, CommandFailure> = {
        guard let path = LightboxConfig.defaultPath(environment: TerminalProbe.environment) else { return .success(LightboxConfig()) }
        do throws(ConfigurationError) {
            return .success(try LightboxConfig.load(path: path))
        } catch {
            return .failure(CommandFailure(error.description, .config))
        }
    }()

    static func load() throws -> LightboxConfig { try loaded.get() }
}
