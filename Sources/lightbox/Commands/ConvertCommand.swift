import ArgumentParser
import Imaging

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Write a series as a volume other tools read (NRRD: 3D Slicer, ITK).",
        discussion: """
        The values are the modality values (HU for CT) as float32, with spacing, origin and \
        direction in the header, so the pixels can be checked outside Lightbox.

          $ lightbox convert Demo/data/seed-2026-cases-12/studies/PH2051000011 --to nrrd chest.nrrd
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case nrrd }

    @Argument(help: "A DICOM file, a folder, or a DICOMDIR.")
    var path: String

    @Option(help: "The output format.")
    var to: Format

    @Argument(help: "The output file.")
    var output: String

    @Option(help: "The SeriesInstanceUID to convert when PATH holds several series.")
    var series: String?

    func run() throws {
        try reportingFailures {
            guard case let .dicom(_, volume) = try ImageSource.load(path, seriesUID: series, limits: ImportLimits()) else {
                throw CommandFailure("\(path): a PNG is not a volume; convert takes DICOM")
            }
            do throws(ImagingError) {
                try NRRDWriter.write(volume, to: output)
            } catch {
                throw CommandFailure(error.description, .cannotCreate)
            }
            let g = volume.geometry
            writeOut("wrote \(output): \(g.columns)x\(g.rows)x\(g.slices) float32\n")
        }
    }
}
