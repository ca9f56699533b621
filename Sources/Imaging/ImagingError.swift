/// What can go wrong while reading or writing images, worded for the person who
/// runs the import: each case names the file and the reason in one line.
public enum ImagingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file is not DICOM at all (no preamble, or DCMTK could not parse it).
    case notDicom(path: String, reason: String)
    /// A DICOM object without pixels (a structured report, a presentation state).
    case notAnImage(path: String, sopClass: String)
    /// The pixels exist but cannot be decoded (unsupported syntax, truncated data).
    case undecodable(path: String, reason: String)
    /// The image is larger than the configured pixel budget.
    case overBudget(path: String, pixels: Int, budget: Int)
    /// A PNG file that libpng rejected.
    case png(path: String, reason: String)
    /// A file could not be written.
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .notDicom(path, reason): "\(path): not a DICOM file (\(reason))"
        case let .notAnImage(path, sopClass): "\(path): not an image (SOP class \(sopClass))"
        case let .undecodable(path, reason): "\(path): \(reason)"
        case let .overBudget(path, pixels, budget):
            "\(path): image of \(pixels) pixels is over the budget of \(budget) pixels (--max-pixels)"
        case let .png(path, reason): "\(path): invalid PNG (\(reason))"
        case let .writeFailed(path, reason): "\(path): cannot write (\(reason))"
        }
    }
}
