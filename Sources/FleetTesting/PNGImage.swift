import CZlib
import Foundation

/// An 8-bit RGB or RGBA PNG decoded to pixels, for checking screenshots in tests: what a page
/// shows, counted in solid-coloured regions.
public struct PNGImage: Sendable {
    /// Width and height in pixels.
    public let width: Int
    public let height: Int
    private let channels: Int
    private let pixels: [UInt8]

    /// Decodes `data`; nil when it is not a non-interlaced 8-bit RGB(A) PNG.
    public init?(_ data: Data) {
        let bytes = [UInt8](data)
        guard bytes.count > 8, bytes.prefix(8).elementsEqual([137, 80, 78, 71, 13, 10, 26, 10]) else { return nil }
        var offset = 8
        var header: [UInt8] = []
        var compressed: [UInt8] = []
        while offset + 8 <= bytes.count {
            let length = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            let kind = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
            guard offset + 12 + length <= bytes.count else { return nil }
            let body = bytes[offset + 8..<offset + 8 + length]
            if kind == "IHDR" { header = Array(body) }
            if kind == "IDAT" { compressed += body }
            offset += 12 + length
        }
        guard header.count == 13, header[8] == 8, [2, 6].contains(header[9]), header[12] == 0 else { return nil }
        width = header[0..<4].reduce(0) { $0 << 8 | Int($1) }
        height = header[4..<8].reduce(0) { $0 << 8 | Int($1) }
        channels = header[9] == 6 ? 4 : 3
        guard let raw = Self.inflate(compressed, expected: height * (width * channels + 1)),
            let pixels = Self.unfiltered(raw, width: width, height: height, channels: channels)
        else { return nil }
        self.pixels = pixels
    }

    /// The colour at (x, y) as 0xRRGGBB.
    public func colour(x: Int, y: Int) -> UInt32 {
        let index = (y * width + x) * channels
        return UInt32(pixels[index]) << 16 | UInt32(pixels[index + 1]) << 8 | UInt32(pixels[index + 2])
    }

    /// How many separate regions (4-connected) of exactly `colour` cover at least `minimumArea` pixels.
    public func regions(of colour: UInt32, minimumArea: Int) -> Int {
        var seen = [Bool](repeating: false, count: width * height)
        var count = 0
        for start in 0..<(width * height)
        where !seen[start] && self.colour(x: start % width, y: start / width) == colour {
            var area = 0
            var stack = [start]
            seen[start] = true
            while let index = stack.popLast() {
                area += 1
                let x = index % width
                let y = index / width
                for (nx, ny) in [(x - 1, y), (x + 1, y), (x, y - 1), (x, y + 1)]
                where nx >= 0 && ny >= 0 && nx < width && ny < height {
                    let next = ny * width + nx
                    if !seen[next] && self.colour(x: nx, y: ny) == colour {
                        seen[next] = true
                        stack.append(next)
                    }
                }
            }
            if area >= minimumArea { count += 1 }
        }
        return count
    }

    private static func inflate(_ input: [UInt8], expected: Int) -> [UInt8]? {
        var output = [UInt8](repeating: 0, count: expected)
        var size = uLongf(expected)
        let status = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                uncompress(target.baseAddress, &size, source.baseAddress, uLong(input.count))
            }
        }
        return status == Z_OK && Int(size) == expected ? output : nil
    }

    /// Undoes PNG's per-row filters (None, Sub, Up, Average, Paeth).
    private static func unfiltered(_ raw: [UInt8], width: Int, height: Int, channels: Int) -> [UInt8]? {
        let stride = width * channels
        var pixels = [UInt8](repeating: 0, count: stride * height)
        for y in 0..<height {
            let filter = raw[y * (stride + 1)]
            for x in 0..<stride {
                let value = raw[y * (stride + 1) + 1 + x]
                let left = x >= channels ? Int(pixels[y * stride + x - channels]) : 0
                let up = y > 0 ? Int(pixels[(y - 1) * stride + x]) : 0
                let upLeft = x >= channels && y > 0 ? Int(pixels[(y - 1) * stride + x - channels]) : 0
                let predicted: Int
                switch filter {
                case 0: predicted = 0
                case 1: predicted = left
                case 2: predicted = up
                case 3: predicted = (left + up) / 2
                case 4:
                    let estimate = left + up - upLeft
                    let (toLeft, toUp, toUpLeft) = (abs(estimate - left), abs(estimate - up), abs(estimate - upLeft))
                    predicted = toLeft <= toUp && toLeft <= toUpLeft ? left : toUp <= toUpLeft ? up : upLeft
                default: return nil
                }
                pixels[y * stride + x] = UInt8(truncatingIfNeeded: Int(value) + predicted)
            }
        }
        return pixels
    }
}
