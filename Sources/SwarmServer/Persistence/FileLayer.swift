// The file operations persistence needs, behind a protocol so tests can inject ENOSPC, a blocked
// fsync or a crash at any step. `PosixFileLayer` is the real one.
import CLinux
import Glibc

/// A failed file operation: what, on which file, and the errno.
public struct StorageError: Error, Sendable, CustomStringConvertible, Equatable {
    public let operation: String
    public let path: String
    public let code: Int32

    public init(_ operation: String, _ path: String, errno code: Int32) {
        self.operation = operation
        self.path = path
        self.code = code
    }

    public var description: String { "\(operation) \(path): \(String(cString: strerror(code)))" }
}

/// A file handle: an fd for the real layer; fakes may use any number.
public typealias FileID = Int32

public protocol FileLayer: Sendable {
    func makeDirectory(_ path: String) throws(StorageError)
    /// Names (not paths) in `dir`.
    func list(_ dir: String) throws(StorageError) -> [String]
    func exists(_ path: String) -> Bool
    func read(_ path: String) throws(StorageError) -> [UInt8]
    /// Creates or empties `path` for writing.
    func create(_ path: String) throws(StorageError) -> FileID
    /// Opens an existing file for writes at offsets (`write(_:_:at:path:)`); returns its size too.
    func openForWriting(_ path: String) throws(StorageError) -> (FileID, Int)
    /// A slice, so a big snapshot is written in chunks without copying them.
    func write(_ f: FileID, _ bytes: ArraySlice<UInt8>, path: String) throws(StorageError)
    /// Creates or empties `path` for writes that bypass the page cache (O_DIRECT), or returns
    /// nil where the file system refuses them; the caller then uses `create`.
    func createUncached(_ path: String) throws(StorageError) -> FileID?
    /// Appends to a file from `createUncached`: whole blocks straight to the disk, a last partial
    /// block (and anything the file system refuses to take directly) through the page cache.
    /// Direct writes need block-aligned offsets (every earlier write whole blocks) and memory:
    /// bytes that do not start on a block boundary are copied first.
    func writeUncached(_ f: FileID, _ bytes: UnsafeRawBufferPointer, path: String) throws(StorageError)
    /// Writes at `offset` without moving the file's end (pwrite(2)); through the page cache if
    /// the file refuses it as a direct write.
    func write(_ f: FileID, _ bytes: ArraySlice<UInt8>, at offset: Int, path: String) throws(StorageError)
    func sync(_ f: FileID, path: String) throws(StorageError)
    func truncate(_ f: FileID, to size: Int, path: String) throws(StorageError)
    func truncate(_ path: String, to size: Int) throws(StorageError)
    func close(_ f: FileID)
    func rename(_ from: String, _ to: String) throws(StorageError)
    /// A second name for an existing file (link(2)).
    func link(_ existing: String, _ new: String) throws(StorageError)
    func remove(_ path: String) throws(StorageError)
    func syncDirectory(_ path: String) throws(StorageError)
}

extension FileLayer {
    func write(_ f: FileID, _ bytes: [UInt8], path: String) throws(StorageError) { try write(f, bytes[...], path: path) }

    /// Layers without direct writes (most test fakes) take the page-cache path.
    public func createUncached(_ path: String) throws(StorageError) -> FileID? { nil }
    public func writeUncached(_ f: FileID, _ bytes: UnsafeRawBufferPointer, path: String) throws(StorageError) {
        try write(f, bytes, path: path)
    }

    /// Bytes the caller holds in its own buffer, through the page cache (copied into an array:
    /// the path of file systems without direct writes, where a snapshot goes 4 MB at a time).
    func write(_ f: FileID, _ bytes: UnsafeRawBufferPointer, path: String) throws(StorageError) {
        try write(f, Array(bytes)[...], path: path)
    }

    /// The size of a file, nil if it cannot be read. Every layer works on real files.
    func fileSize(_ path: String) -> Int? {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_size) : nil
    }
}

public struct PosixFileLayer: FileLayer {
    public init() {}

    public func makeDirectory(_ path: String) throws(StorageError) {
        var built = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            built += "/" + part
            if mkdir(built, 0o755) != 0 && errno != EEXIST { throw StorageError("create folder", built, errno: errno) }
        }
        var st = stat()
        guard stat(path, &st) == 0 else { throw StorageError("stat", path, errno: errno) }
        guard (st.st_mode & S_IFMT) == S_IFDIR else { throw StorageError("use folder", path, errno: ENOTDIR) }
    }

    public func list(_ dir: String) throws(StorageError) -> [String] {
        guard let d = opendir(dir) else { throw StorageError("list", dir, errno: errno) }
        defer { closedir(d) }
        var names: [String] = []
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    public func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    public func read(_ path: String) throws(StorageError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StorageError("open", path, errno: errno) }
        defer { Glibc.close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw StorageError("stat", path, errno: errno) }
        // Uninitialized: zero-filling a 150 MB snapshot first costs as much as reading it.
        var failure: Int32 = 0
        let out = [UInt8](unsafeUninitializedCapacity: Int(st.st_size)) { buf, count in
            count = 0
            while count < buf.count {
                let n = Glibc.read(fd, buf.baseAddress! + count, buf.count - count)
                if n < 0 { if errno == EINTR { continue }; failure = errno; break }
                if n == 0 { break }
                count += n
            }
        }
        if failure != 0 { throw StorageError("read", path, errno: failure) }
        return out
    }

    public func create(_ path: String) throws(StorageError) -> FileID {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StorageError("create", path, errno: errno) }
        return fd
    }

    public func createUncached(_ path: String) throws(StorageError) -> FileID? {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | CLINUX_O_DIRECT, 0o644)
        if fd < 0 && errno == EINVAL { return nil }
        guard fd >= 0 else { throw StorageError("create", path, errno: errno) }
        return fd
    }

    /// The alignment of direct writes: 4 KiB covers every disk's logical block size in use.
    static let block = 4096

    public func writeUncached(_ f: FileID, _ bytes: UnsafeRawBufferPointer, path: String) throws(StorageError) {
        let whole = bytes.count / Self.block * Self.block
        var done = 0
        if whole > 0, let base = bytes.baseAddress {
            var from = base
            var copy: UnsafeMutableRawBufferPointer?
            defer { copy?.deallocate() }
            if Int(bitPattern: base) % Self.block != 0 {
                let aligned = UnsafeMutableRawBufferPointer.allocate(byteCount: whole, alignment: Self.block)
                aligned.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes.prefix(whole)))
                copy = aligned
                from = UnsafeRawPointer(aligned.baseAddress!)
            }
            while done < whole {
                let n = Glibc.write(f, from + done, whole - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    if errno == EINVAL { break }  // refused as a direct write: the page cache takes the rest
                    throw StorageError("write", path, errno: errno)
                }
                done += n
                if n % Self.block != 0 { break }  // a short write left the offset unaligned
            }
        }
        guard done < bytes.count else { return }
        Self.stopDirect(f)
        try write(f, UnsafeRawBufferPointer(rebasing: bytes[done...]), path: path)
    }

    /// Turns a file's later writes to the page cache.
    static func stopDirect(_ f: FileID) {
        let flags = fcntl(f, F_GETFL)
        if flags >= 0 && flags & CLINUX_O_DIRECT != 0 { _ = fcntl(f, F_SETFL, flags & ~CLINUX_O_DIRECT) }
    }

    public func write(_ f: FileID, _ bytes: ArraySlice<UInt8>, at offset: Int, path: String) throws(StorageError) {
        var off = 0
        var refused = false
        while off < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.pwrite(f, $0.baseAddress! + off, $0.count - off, off_t(offset + off)) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EINVAL && !refused {  // a direct file and bytes it cannot take directly
                    refused = true
                    Self.stopDirect(f)
                    continue
                }
                throw StorageError("write", path, errno: errno)
            }
            off += n
        }
    }

    public func openForWriting(_ path: String) throws(StorageError) -> (FileID, Int) {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StorageError("open", path, errno: errno) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { Glibc.close(fd); throw StorageError("stat", path, errno: errno) }
        return (fd, Int(st.st_size))
    }

    public func write(_ f: FileID, _ bytes: ArraySlice<UInt8>, path: String) throws(StorageError) {
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(f, $0.baseAddress! + off, $0.count - off) }
            if n < 0 { if errno == EINTR { continue }; throw StorageError("write", path, errno: errno) }
            off += n
        }
    }

    /// fdatasync(2): the data and what reading it back needs (the size, the block map), not the
    /// times. Why not fsync: a journal batch overwriting preallocated blocks changes only the
    /// mtime, and fsync would commit ext4's metadata journal for it at every tick.
    public func sync(_ f: FileID, path: String) throws(StorageError) {
        guard fdatasync(f) == 0 else { throw StorageError("fsync", path, errno: errno) }
    }

    public func truncate(_ f: FileID, to size: Int, path: String) throws(StorageError) {
        guard ftruncate(f, off_t(size)) == 0 else { throw StorageError("truncate", path, errno: errno) }
    }

    public func truncate(_ path: String, to size: Int) throws(StorageError) {
        guard Glibc.truncate(path, off_t(size)) == 0 else { throw StorageError("truncate", path, errno: errno) }
    }

    public func close(_ f: FileID) { _ = Glibc.close(f) }

    public func rename(_ from: String, _ to: String) throws(StorageError) {
        guard Glibc.rename(from, to) == 0 else { throw StorageError("rename", from, errno: errno) }
    }

    public func link(_ existing: String, _ new: String) throws(StorageError) {
        guard Glibc.link(existing, new) == 0 else { throw StorageError("link", new, errno: errno) }
    }

    public func remove(_ path: String) throws(StorageError) {
        guard unlink(path) == 0 || errno == ENOENT else { throw StorageError("remove", path, errno: errno) }
    }

    public func syncDirectory(_ path: String) throws(StorageError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw StorageError("open folder", path, errno: errno) }
        defer { Glibc.close(fd) }
        guard fsync(fd) == 0 else { throw StorageError("fsync folder", path, errno: errno) }
    }
}
