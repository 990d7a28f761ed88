// The real file layer's direct (O_DIRECT) writes: whatever the sizes and whatever the file
// system takes directly, the file holds exactly the bytes written, in order.
import CLinux
import Foundation
import Glibc
import SwarmTestSupport
import Testing
@testable import SwarmServer

@Suite struct FileLayerTests {
    let files = PosixFileLayer()

    /// Opens `path` for direct writes, or, where the file system refuses them, for ordinary ones.
    func openForDirect(_ path: String) throws -> (FileID, direct: Bool) {
        if let f = try files.createUncached(path) { return (f, true) }
        return (try files.create(path), false)
    }

    @Test func directWrites_OfWholeAndPartialBlocks_LandInOrder() throws {
        let path = Scratch.path("direct")
        let (f, direct) = try openForDirect(path)
        if direct { #expect(fcntl(f, F_GETFL) & CLINUX_O_DIRECT != 0, "createUncached gave a file without O_DIRECT") }
        var rng = SeededRNG(state: 0xB10C)
        var expected: [UInt8] = []
        // Whole blocks at aligned offsets, then a tail that is not a whole block.
        for size in [1 << 20, 8192, 4096, 3 * 4096 + 100] {
            let part = (0..<size).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            try files.writeUncached(f, part, path: path)
            expected += part
        }
        try files.sync(f, path: path)
        files.close(f)
        #expect(firstDifference(readBytes(path), expected) == nil)
    }

    /// A direct write the file system refuses (here: an unaligned offset, EINVAL) is not an
    /// error: that write and the ones after it go through the page cache.
    @Test func aRefusedDirectWrite_FallsBackToThePageCache() throws {
        let path = Scratch.path("refused")
        let (f, _) = try openForDirect(path)
        var rng = SeededRNG(state: 0xF00D)
        let first = (0..<4096).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let second = (0..<8192).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let third = (0..<4096).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        try files.writeUncached(f, first, path: path)
        #expect(lseek(f, 100, SEEK_SET) == 100)
        try files.writeUncached(f, second, path: path)
        try files.writeUncached(f, third, path: path)
        #expect(fcntl(f, F_GETFL) & CLINUX_O_DIRECT == 0)
        files.close(f)
        #expect(firstDifference(readBytes(path), Array(first.prefix(100)) + second + third) == nil)
    }

    /// A write at an offset (the snapshot's checksum, written into its first block at the end)
    /// lands there on a direct file too, whatever its alignment, and leaves the rest alone.
    @Test func aPositionalWrite_OnADirectFile_LandsWhereAsked() throws {
        let path = Scratch.path("pwrite")
        let (f, _) = try openForDirect(path)
        var rng = SeededRNG(state: 0x9_1417E)
        var expected = (0..<(3 * 4096)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        try files.writeUncached(f, expected, path: path)
        let head = (0..<4096).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        try files.write(f, head[...], at: 0, path: path)
        expected.replaceSubrange(0..<4096, with: head)
        let middle = Array("checksum".utf8)
        try files.write(f, middle[...], at: 5000, path: path)
        expected.replaceSubrange(5000..<5008, with: middle)
        try files.sync(f, path: path)
        files.close(f)
        #expect(firstDifference(readBytes(path), expected) == nil)
    }

    /// Errors other than a refusal still surface, naming the file (a read-only descriptor: EBADF).
    @Test func aFailedDirectWrite_ThrowsWithThePath() throws {
        let path = Scratch.path("readonly")
        writeBytes([1, 2, 3], path)
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        #expect(throws: StorageError("write", path, errno: EBADF)) {
            try files.writeUncached(fd, [UInt8](repeating: 7, count: 8192), path: path)
        }
    }
}

extension PosixFileLayer {
    /// An array's bytes, which do not start on a block boundary: the layer copies them first.
    func writeUncached(_ f: FileID, _ bytes: [UInt8], path: String) throws {
        try bytes.withUnsafeBytes { try writeUncached(f, $0, path: path) }
    }
}
