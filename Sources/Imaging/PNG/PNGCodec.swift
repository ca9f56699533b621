import Foundation
import CPNG

/// A decoded PNG: 8- or 16-bit samples widened to 16 bits, 1 (grey), 3 (RGB)
/// or 4 (RGBA) channels, row-major and interleaved.
public struct PNGImage: Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var channels: Int
    /// Each sample scaled to 0...65535 whatever the file's bit depth.
    public var samples: [UInt16]
    /// The file's own bit depth (8 or 16).
    public var bitDepth: Int

    public init(width: Int, height: Int, channels: Int, samples: [UInt16], bitDepth: Int) {
        self.width = width
        self.height = height
        self.channels = channels
        self.samples = samples
        self.bitDepth = bitDepth
    }

    /// Luminance in 0...1 (Rec. 709 weights for colour), alpha ignored.
    public var luminance: ScalarImage {
        var values = [Float](repeating: 0, count: width * height)
        for i in 0..<width * height {
            let base = i * channels
            if channels < 3 {
                values[i] = Float(samples[base]) / 65535
            } else {
                values[i] = (0.2126 * Float(samples[base]) + 0.7152 * Float(samples[base + 1])
                    + 0.0722 * Float(samples[base + 2])) / 65535
            }
        }
        return ScalarImage(width: width, height: height, values: values)
    }
}

/// PNG through libpng's simplified API only: the classic API reports errors
/// by longjmp, which Swift cannot survive, while png_image_* returns them.
public enum PNGCodec {
    public static func read(_ path: String) throws(ImagingError) -> PNGImage {
        var image = png_image()
        image.version = lbx_png_image_version()
        guard png_image_begin_read_from_file(&image, path) != 0 else {
            throw .png(path: path, reason: message(of: &image))
        }
        let color = image.format & lbx_png_format_flag_color() != 0
        let alpha = image.format & lbx_png_format_flag_alpha() != 0
        let channels = (color ? 3 : 1) + (alpha ? 1 : 0)
        let sixteen = image.format & lbx_png_format_flag_linear() != 0 || pngBitDepth(path: path) == 16
        // Read 16-bit files as 16-bit; 8-bit files as 8-bit sRGB so values are not linearised.
        let formats: [Int: png_uint_32] = [1: lbx_png_format_gray(), 2: lbx_png_format_gray() | lbx_png_format_flag_alpha(),
                                           3: lbx_png_format_rgb(), 4: lbx_png_format_rgba()]
        image.format = formats[channels]! | (sixteen ? lbx_png_format_flag_linear() : 0)
        let width = Int(image.width), height = Int(image.height)
        guard width > 0, height > 0, width * height <= 100_000_000 else {
            png_image_free(&image)
            throw .png(path: path, reason: "image of \(width)x\(height) pixels is too large")
        }
        let count = width * height * channels
        var samples = [UInt16](repeating: 0, count: count)
        if sixteen {
            let ok = samples.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
            guard ok != 0 else { throw .png(path: path, reason: message(of: &image)) }
            // The simplified API returns 16-bit data as linear light; PNG's own
            // 16-bit grey (medical exports) has no gamma, so this is the stored value.
        } else {
            var bytes = [UInt8](repeating: 0, count: count)
            let ok = bytes.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
            guard ok != 0 else { throw .png(path: path, reason: message(of: &image)) }
            for i in 0..<count { samples[i] = UInt16(bytes[i]) * 257 }
        }
        return PNGImage(width: width, height: height, channels: channels, samples: samples, bitDepth: sixteen ? 16 : 8)
    }

    /// Writes 8-bit RGB (3 channels) or RGBA (4 channels), row-major interleaved.
    public static func writeRGB(_ bytes: [UInt8], width: Int, height: Int, channels: Int = 3,
                                to path: String) throws(ImagingError) {
        precondition(channels == 3 || channels == 4)
        precondition(bytes.count == width * height * channels)
        var image = png_image()
        image.version = lbx_png_image_version()
        image.width = png_uint_32(width)
        image.height = png_uint_32(height)
        image.format = channels == 4 ? lbx_png_format_rgba() : lbx_png_format_rgb()
        let ok = bytes.withUnsafeBytes { png_image_write_to_file(&image, path, 0, $0.baseAddress, 0, nil) }
        guard ok != 0 else { throw .writeFailed(path: path, reason: message(of: &image)) }
    }

    private static func message(of image: inout png_image) -> String {
        let text = withUnsafeBytes(of: &image.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        png_image_free(&image)
        return text.isEmpty ? "unreadable" : text
    }

    /// The IHDR bit depth; the simplified API hides it but 16-bit grey must
    /// stay 16-bit (medical PNG exports carry 12–16 bits of signal).
    private static func pngBitDepth(path: String) -> Int {
        guard let file = fopen(path, "rb") else { return 8 }
        defer { fclose(file) }
        var header = [UInt8](repeating: 0, count: 25)
        guard fread(&header, 1, 25, file) == 25 else { return 8 }
        return Int(header[24])
    }
}
