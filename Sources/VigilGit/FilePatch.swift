import Clibgit2

/// One file's change as hunks with context lines, for showing a change to a person (`vigil show`).
public struct FilePatch: Sendable, Hashable {
    public struct Line: Sendable, Hashable {
        public enum Origin: Sendable, Hashable { case context, added, removed }
        public var origin: Origin
        /// Line number on the old side (nil for added lines).
        public var oldNumber: Int?
        /// Line number on the new side (nil for removed lines).
        public var newNumber: Int?
        public var text: String
    }

    public struct Hunk: Sendable, Hashable {
        /// The `@@ -a,b +c,d @@` header, as git writes it.
        public var header: String
        public var lines: [Line]

        /// True when this hunk shows `line` of the given side (old for removed lines, new otherwise).
        public func contains(line number: Int, oldSide: Bool) -> Bool {
            lines.contains { (oldSide ? $0.oldNumber : $0.newNumber) == number }
        }
    }

    public enum Content: Sendable, Hashable {
        case hunks([Hunk])
        case binary
        case tooLarge(bytes: Int)
        case unreadable
    }

    public var change: FileChange
    public var content: Content
}

extension Repository {
    /// `change` as hunks with `contextLines` of context, reading at most `maxBytes` per side.
    public func patch(of change: FileChange, contextLines: Int = 3, maxBytes: Int = 8 << 20) throws -> FilePatch {
        var oldBlob: OpaquePointer?, newBlob: OpaquePointer?
        defer { git_blob_free(oldBlob); git_blob_free(newBlob) }
        if let early = try loadBlobs(of: change, maxBytes: maxBytes, old: &oldBlob, new: &newBlob) {
            let content: FilePatch.Content = switch early {
            case .binary: .binary
            case .tooLarge(let bytes): .tooLarge(bytes: bytes)
            default: .unreadable
            }
            return FilePatch(change: change, content: content)
        }
        let patch = try blobPatch(oldBlob, newBlob, contextLines: max(0, contextLines), path: change.path)
        defer { git_patch_free(patch) }
        var hunks: [FilePatch.Hunk] = []
        for index in 0..<git_patch_num_hunks(patch) {
            var hunk: UnsafePointer<git_diff_hunk>?
            var count = 0
            guard git_patch_get_hunk(&hunk, &count, patch, index) == 0, let hunk else { continue }
            let header = withUnsafeBytes(of: hunk.pointee.header) { raw in
                let bytes = raw.bindMemory(to: UInt8.self).prefix(Int(hunk.pointee.header_len))
                return String(decoding: bytes, as: UTF8.self).trimmingTrailingNewline()
            }
            var lines: [FilePatch.Line] = []
            for lineIndex in 0..<count {
                var line: UnsafePointer<git_diff_line>?
                guard git_patch_get_line_in_hunk(&line, patch, index, lineIndex) == 0, let line else { continue }
                let origin: FilePatch.Line.Origin
                switch UInt8(bitPattern: line.pointee.origin) {
                case UInt8(ascii: "+"): origin = .added
                case UInt8(ascii: "-"): origin = .removed
                case UInt8(ascii: " "): origin = .context
                default: continue // "no newline at end of file" markers
                }
                let text = line.pointee.content.withMemoryRebound(to: UInt8.self, capacity: line.pointee.content_len) {
                    TextDecoding.decode(UnsafeBufferPointer(start: $0, count: line.pointee.content_len)).text
                }
                lines.append(FilePatch.Line(origin: origin,
                                            oldNumber: line.pointee.old_lineno > 0 ? Int(line.pointee.old_lineno) : nil,
                                            newNumber: line.pointee.new_lineno > 0 ? Int(line.pointee.new_lineno) : nil,
                                            text: text.trimmingTrailingNewline()))
            }
            hunks.append(FilePatch.Hunk(header: header, lines: lines))
        }
        return FilePatch(change: change, content: .hunks(hunks))
    }
}

extension String {
    func trimmingTrailingNewline() -> String {
        var text = self
        while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
        return text
    }
}
