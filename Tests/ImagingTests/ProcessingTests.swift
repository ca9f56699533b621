import Foundation
import Imaging
import LightboxTestSupport
import Testing

@Suite("Window/level and resampling")
struct ProcessingTests {
    @Test("the linear VOI function follows PS3.3 C.11.2.1.2.1")
    func voi_matchesStandardFormula() {
        let voi = VOIFunction(window: Window(center: 40, width: 400))
        // Bounds: c - 0.5 - (w-1)/2 = -160 and c - 0.5 + (w-1)/2 = 239.
        #expect(voi(-160) == 0)
        #expect(voi(-1000) == 0)
        #expect(voi(239.5) == 1)
        #expect(abs(voi(39.5) - 0.5) < 1e-6)
        #expect(abs(voi(139.25) - ((139.25 - 39.5) / 399 + 0.5)) < 1e-6)
        // Width 1 is a threshold at the centre.
        let threshold = VOIFunction(window: Window(center: 100, width: 1))
        #expect(threshold(99) == 0 && threshold(100) == 1)
    }

    @Test("presets by name, W,L text, and site overrides")
    func presets_parseAndOverride() {
        var presets = WindowPresets.standard
        #expect(presets.parse("lung") == Window(center: -600, width: 1500))
        #expect(presets.parse("soft_tissue") == Window(center: 40, width: 400))
        #expect(presets.parse("400,40") == Window(center: 40, width: 400))
        #expect(presets.parse("0,40") == nil)
        #expect(presets.parse("nonsense") == nil)
        presets.set("lung", to: Window(center: -500, width: 1600))
        #expect(presets.window(named: "lung") == Window(center: -500, width: 1600))
        #expect(Set(WindowPresets.standard.names).isSuperset(of: ["lung", "mediastinum", "soft-tissue", "bone", "brain", "liver"]))
    }

    @Test("area averaging keeps the mean and averages whole blocks")
    func resample_areaAveragingOfBlocks() {
        let source = ScalarImage(width: 4, height: 2, values: [1, 3, 5, 7, 2, 4, 6, 8])
        let half = Resampler.resample(source, width: 2, height: 1)
        #expect(half.values == [2.5, 6.5])
        // A non-integer factor still preserves the mean of a full image.
        let ramp = ScalarImage(width: 7, height: 5, values: (0..<35).map { Float($0) })
        let small = Resampler.resample(ramp, width: 3, height: 2)
        let mean = small.values.reduce(0, +) / Float(small.values.count)
        #expect(abs(mean - 17) < 1e-4)
    }

    @Test("bilinear zoom interpolates between pixel centres")
    func resample_bilinearZoom() {
        let source = ScalarImage(width: 2, height: 1, values: [0, 10])
        let zoomed = Resampler.resample(source, width: 4, height: 1)
        #expect(zoomed.values == [0, 2.5, 7.5, 10])
    }

    @Test("a region past the image edge is filled")
    func resample_regionOutsideIsFilled() {
        let source = ScalarImage(width: 2, height: 2, values: [4, 4, 4, 4])
        let panned = Resampler.resample(source, region: .init(x: -2, y: 0, width: 4, height: 2), width: 2, height: 1,
                                        fill: -1000)
        #expect(panned.values == [-1000, 4])
    }
}

@Suite("PNG")
struct PNGTests {
    @Test("RGB written by libpng reads back identical")
    func png_rgbRoundTrip() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let bytes = (0..<(5 * 3 * 3)).map { UInt8($0 * 5 % 256) }
        try PNGCodec.writeRGB(bytes, width: 5, height: 3, to: folder + "/a.png")
        let read = try PNGCodec.read(folder + "/a.png")
        #expect(read.channels == 3 && read.bitDepth == 8)
        #expect(read.samples == bytes.map { UInt16($0) * 257 })
    }

    @Test("RGBA keeps its alpha channel")
    func png_rgbaRoundTrip() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let bytes: [UInt8] = [255, 0, 0, 255, 0, 255, 0, 255]
        try PNGCodec.writeRGB(bytes, width: 2, height: 1, channels: 4, to: folder + "/a.png")
        let read = try PNGCodec.read(folder + "/a.png")
        #expect(read.channels == 4)
        #expect(read.samples.map { UInt8($0 / 257) } == bytes)
    }

    @Test("8-bit and 16-bit grey PNGs from an independent encoder", arguments: [8, 16])
    func png_greyDepths(depth: Int) throws {
        let folder = makeTemporaryFolder("grey\(depth)")
        defer { removeFolder(folder) }
        let path = folder + "/grey.png"
        // Python's zlib writes the file, so libpng reads something it did not write.
        let script = """
        import struct, zlib
        w, h, d = 3, 2, \(depth)
        vals = [0, 1000, 40000, 65535, 7, 300] if d == 16 else [0, 10, 128, 255, 7, 30]
        rows = b''
        for y in range(h):
            rows += b'\\0' + b''.join(struct.pack('>H' if d == 16 else 'B', v) for v in vals[y*w:(y+1)*w])
        def chunk(t, data): return struct.pack('>I', len(data)) + t + data + struct.pack('>I', zlib.crc32(t + data))
        png = b'\\x89PNG\\r\\n\\x1a\\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, d, 0, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(rows)) + chunk(b'IEND', b'')
        open('\(path)', 'wb').write(png)
        """
        #expect(runTool("python3", ["-c", script]).status == 0)
        let read = try PNGCodec.read(path)
        #expect(read.channels == 1 && read.bitDepth == depth)
        let expected: [UInt16] = depth == 16 ? [0, 1000, 40000, 65535, 7, 300] : [0, 10, 128, 255, 7, 30].map { $0 * 257 }
        #expect(read.samples == expected)
    }

    @Test("a truncated PNG names the file and the problem")
    func png_truncatedIsReported() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let bytes = [UInt8](repeating: 90, count: 64 * 64 * 3)
        try PNGCodec.writeRGB(bytes, width: 64, height: 64, to: folder + "/a.png")
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/a.png"))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: folder + "/a.png"))
        do {
            _ = try PNGCodec.read(folder + "/a.png")
            Issue.record("a truncated PNG was accepted")
        } catch {
            #expect(error.description.hasPrefix("\(folder)/a.png: invalid PNG ("))
        }
    }
}

@Suite("NRRD export")
struct NRRDTests {
    @Test("header carries geometry and the payload is float32 HU")
    func nrrd_headerAndPayload() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let volume = patternVolume(columns: 6, rows: 4, slices: 3, spacing: 2.5,
                                   rescale: Rescale(slope: 0.5, intercept: -1024))
        try NRRDWriter.write(volume, to: folder + "/v.nrrd")
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/v.nrrd"))
        let split = try #require(data.firstRange(of: Data("\n\n".utf8)))
        let header = String(decoding: data[..<split.lowerBound], as: UTF8.self)
        #expect(header.contains("sizes: 6 4 3"))
        #expect(header.contains("space directions: (0.8,0.0,0.0) (0.0,0.7,0.0) (0.0,0.0,-2.5)"))
        #expect(header.contains("space origin: (-100.0,-80.0,30.0)"))
        let payload = data[split.upperBound...]
        #expect(payload.count == 6 * 4 * 3 * 4)
        let floats = payload.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        #expect(floats.map(Double.init) == huValues(volume))
    }
}
