import Imaging

/// What `lightbox import` was asked to read.
public struct ImportRequest: Sendable {
    /// A DICOM file, folder or DICOMDIR, a PNG, or a folder with PNGs among the DICOM files.
    public var path: String
    /// A folder of `<AccessionNumber>.txt` / `<StudyInstanceUID>.txt` sidecars, or a CSV/JSONL manifest.
    public var reports: String?
    /// A JSONL file of model suggestions.
    public var suggestions: String?
    public var limits: ImportLimits

    public init(path: String, reports: String? = nil, suggestions: String? = nil, limits: ImportLimits = ImportLimits()) {
        self.path = path; self.reports = reports; self.suggestions = suggestions; self.limits = limits
    }
}
