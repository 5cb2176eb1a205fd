import CZstd

/// The two zstd calls the frame codec needs, with the bounds checks that make
/// decompressing a peer's bytes safe.
enum Zstd {
    /// Level 1: frames are small and latency matters more than ratio.
    static let level: Int32 = 1

    static func compress<Bytes: Collection<UInt8>>(_ input: Bytes) -> [UInt8]? {
        let bound = ZSTD_compressBound(input.count)
        var output = [UInt8](repeating: 0, count: bound)
        let written = input.withContiguousStorageIfAvailable { source in
            output.withUnsafeMutableBytes { target in
                ZSTD_compress(target.baseAddress, bound, source.baseAddress, source.count, level)
            }
        } ?? Array(input).withUnsafeBytes { source in
            output.withUnsafeMutableBytes { target in
                ZSTD_compress(target.baseAddress, bound, source.baseAddress, source.count, level)
            }
        }
        guard ZSTD_isError(written) == 0 else { return nil }
        output.removeSubrange(written...)
        return output
    }

    /// Decompresses one frame whose header records its content size, refusing
    /// anything that would exceed `limit` bytes before allocating for it.
    static func decompress<Bytes: Collection<UInt8>>(_ input: Bytes, limit: Int) throws(FrameError) -> [UInt8] {
        let source = Array(input)
        let declared = source.withUnsafeBytes { ZSTD_getFrameContentSize($0.baseAddress, $0.count) }
        // ZSTD_CONTENTSIZE_UNKNOWN and ZSTD_CONTENTSIZE_ERROR are the two largest UInt64 values.
        guard declared < UInt64.max - 1 else {
            throw .decompressionFailed("no content size in the zstd header")
        }
        guard declared <= UInt64(limit) else {
            throw .decompressionFailed("declared size \(declared) exceeds the limit of \(limit)")
        }
        var output = [UInt8](repeating: 0, count: Int(declared))
        let written = source.withUnsafeBytes { src in
            output.withUnsafeMutableBytes { dst in
                ZSTD_decompress(dst.baseAddress, dst.count, src.baseAddress, src.count)
            }
        }
        if ZSTD_isError(written) != 0 {
            throw .decompressionFailed(String(cString: ZSTD_getErrorName(written)))
        }
        guard written == Int(declared) else {
            throw .decompressionFailed("content is \(written) bytes, header declared \(declared)")
        }
        return output
    }
}
