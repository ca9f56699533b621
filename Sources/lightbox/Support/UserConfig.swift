import Configuration
import Foundation

/// The user's config.toml, read once per run. A broken file stops the command with the file, line and
/// problem rather than being half-applied.
enum UserConfig {
    static func load() throws -> LightboxConfig {
        guard let path = LightboxConfig.defaultPath(environment: TerminalProbe.environment) else { return LightboxConfig() }
        do throws(ConfigurationError) {
            return try LightboxConfig.load(path: path)
        } catch {
            throw CommandFailure(error.description, .config)
        }
    }
}
