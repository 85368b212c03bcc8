import Clibgit2

/// The changed lines of one file, with their line numbers (old side for removed, new side for added).
public struct FileDiff: Sendable, Hashable {
    public struct Line: Sendable, Hashable {
        public var number: Int
        public var text: String
        public init(number: Int, text: String) {
            self.number = number
            self.text = text
        }
    }

    public enum Content: Sendable, Hashable {
        case lines(added: [Line], removed: [Line])
        case binary
        /// A side is larger than the limit: not read, only noted.
        case tooLarge(bytes: Int)
        /// A blob the repository lacks (partial clone).
        case unreadable
    }

    public var change: FileChange
    public var content: Content

    public init(change: FileChange, content: Content) {
        self.change = change
        self.content = content
    }
}

extension Repository {
    /// The changed lines of `change`, reading at most `maxBytes` per side.
    public func fileDiff(of change: FileChange, maxBytes: Int) throws -> FileDiff {
        var oldBlob: OpaquePointer?, newBlob: OpaquePointer?
        defer { git_blob_free(oldBlob); git_blob_free(newBlob) }
        if let early = try loadBlobs(of: change, maxBytes: maxBytes, old: &oldBlob, new: &newBlob) {
            return FileDiff(change: change, content: early)
        }
        let patch = try blobPatch(oldBlob, newBlob, contextLines: 0, path: change.path)
        defer { git_patch_free(patch) }
        var added: [FileDiff.Line] = [], removed: [FileDiff.Line] = []
        for hunk in 0..<git_patch_num_hunks(patch) {
            let count = git_patch_num_lines_in_hunk(patch, hunk)
            guard count > 0 else { continue }
            for index in 0..<Int(count) {
                var line: UnsafePointer<git_diff_line>?
                guard git_patch_get_line_in_hunk(&line, patch, hunk, index) == 0, let line else { continue }
                let origin = UInt8(bitPattern: line.pointee.origin)
                guard origin == UInt8(ascii: "+") || origin == UInt8(ascii: "-") else { continue }
                var text = line.pointee.content.withMemoryRebound(to: UInt8.self, capacity: line.pointee.content_len) {
                    TextDecoding.decode(UnsafeBufferPointer(start: $0, count: line.pointee.content_len)).text
                }
                if text.hasSuffix("\n") { text.removeLast() }
                if origin == UInt8(ascii: "+") {
                    added.append(FileDiff.Line(number: Int(line.pointee.new_lineno), text: text))
                } else {
                    removed.append(FileDiff.Line(number: Int(line.pointee.old_lineno), text: text))
                }
            }
        }
        return FileDiff(change: change, content: .lines(added: added, removed: removed))
    }

    /// Reads both sides of `change` into `old` and `new` (the caller frees them). Returns the
    /// content to report instead of a diff when a side is missing, too large or binary.
    func loadBlobs(of change: FileChange, maxBytes: Int, old oldBlob: inout OpaquePointer?, new newBlob: inout OpaquePointer?) throws -> FileDiff.Content? {
        for (id, isNew) in [(change.oldID, false), (change.newID, true)] {
            guard let id, !(change.status == .added && !isNew), !(change.status == .deleted && isNew) else { continue }
            var oid = id.raw
            var blob: OpaquePointer?
            let found = git_blob_lookup(&blob, handle, &oid)
            if found == GIT_ENOTFOUND.rawValue { git_error_clear(); return .unreadable }
            try check(found, "cannot read blob \(id.hex) (\(change.path))")
            if isNew { newBlob = blob } else { oldBlob = blob }
            let size = Int(git_blob_rawsize(blob))
            if size > maxBytes { return .tooLarge(bytes: size) }
        }
        if oldBlob.map({ git_blob_is_binary($0) == 1 }) == true || newBlob.map({ git_blob_is_binary($0) == 1 }) == true {
            return .binary
        }
        return nil
    }

    /// libgit2's patch between two blobs (either may be nil), with `contextLines` of context and
    /// hunks kept apart. The caller frees it.
    func blobPatch(_ old: OpaquePointer?, _ new: OpaquePointer?, contextLines: Int, path: String) throws -> OpaquePointer? {
        var options = git_diff_options()
        git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
        options.context_lines = UInt32(contextLines)
        options.interhunk_lines = 0
        var patch: OpaquePointer?
        try check(git_patch_from_blobs(&patch, old, nil, new, nil, &options), "cannot diff \(path)")
        return patch
    }
}
