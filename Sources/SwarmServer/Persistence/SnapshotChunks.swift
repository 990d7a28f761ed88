// A snapshot on its way into its temp file. The encoder's pieces gather in one block-aligned
// buffer that goes out a chunk at a time: past the page cache where the file allows it (1 MB
// writes, one fsync at the end), else through it (4 MB writes, each followed by an fsync). So
// a 150 MB snapshot needs one chunk of memory; encoded into an array first, it held two whole
// copies at once (a server under fan-out went from 330 to 642 MB, now to 349 MB). The first
// block is kept for the checksum, written into it at the end.
struct SnapshotChunks {
    let files: any FileLayer
    let file: FileID
    let path: String
    let direct: Bool
    let chunk: Int
    private let buffer: UnsafeMutableRawBufferPointer
    private var filled = 0
    /// Bytes handed to the file so far.
    private(set) var written = 0
    /// The file's first bytes, up to one block: the header that holds the checksum.
    private(set) var head: [UInt8] = []

    init(files: any FileLayer, file: FileID, path: String, direct: Bool, chunk: Int) {
        self.files = files
        self.file = file
        self.path = path
        self.direct = direct
        self.chunk = chunk
        buffer = .allocate(byteCount: chunk, alignment: PosixFileLayer.block)
    }

    func release() { buffer.deallocate() }

    mutating func append(_ bytes: UnsafeRawBufferPointer) throws(StorageError) {
        if head.count < PosixFileLayer.block { head += bytes.prefix(PosixFileLayer.block - head.count) }
        var rest = bytes[...]
        while !rest.isEmpty {
            let n = min(rest.count, chunk - filled)
            UnsafeMutableRawBufferPointer(rebasing: buffer[filled..<(filled + n)])
                .copyMemory(from: UnsafeRawBufferPointer(rebasing: rest.prefix(n)))
            filled += n
            rest = rest.dropFirst(n)
            if filled == chunk { try flush(syncing: !direct) }
        }
    }

    /// Writes what is left. Not synced: the caller syncs once the checksum is in.
    mutating func finish() throws(StorageError) {
        if filled > 0 { try flush(syncing: false) }
    }

    private mutating func flush(syncing: Bool) throws(StorageError) {
        let bytes = UnsafeRawBufferPointer(rebasing: buffer[..<filled])
        if direct {
            try files.writeUncached(file, bytes, path: path)
        } else {
            try files.write(file, bytes, path: path)
        }
        if syncing { try files.sync(file, path: path) }
        written += filled
        filled = 0
    }
}
