import Foundation

/// The acting user as the operating system knows it. Over SSH this is the account the doctor
/// logged in with, which an environment variable could not be trusted to say.
public enum OSUser {
    public static var current: String {
        guard let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name else { return "uid\(geteuid())" }
        return String(cString: name)
    }
}
