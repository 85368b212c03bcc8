import VigilModel

/// The analysed sides of recently read blobs, by blob id, for one worker: a blob a commit adds is
/// the old side of the next commit that edits the file, and a worker's commits are contiguous
/// history, so most files would otherwise be tokenised twice. Bounded by entries and bytes.
final class SourceTextCache {
    private struct Entry {
        let text: SourceText
        let bytes: Int
        var used: Int
        /// The settings read from it, by the rules that asked (`ChangedFile.wantsSignature`).
        var settings: [String: [Binding]] = [:]
    }

    private var entries: [ObjectID: Entry] = [:]
    private var clock = 0
    private var totalBytes = 0
    let maxEntries: Int
    let maxBytes: Int

    init(maxEntries: Int = 384, maxBytes: Int = 24 << 20) {
        self.maxEntries = maxEntries
        self.maxBytes = maxBytes
    }

    /// The analysis of blob `id` (whose content is `bytes`), made now or earlier.
    func text(_ id: ObjectID?, bytes: [UInt8], language: SourceLanguage) -> SourceText {
        clock += 1
        guard let id, id != .zero else { return SourceText(bytes: bytes, language: language) }
        if var known = entries[id], known.text.language == language {
            known.used = clock
            entries[id] = known
            return known.text
        }
        let text = SourceText(bytes: bytes, language: language)
        guard bytes.count <= maxBytes / 4 else { return text }
        while !entries.isEmpty && (entries.count >= maxEntries || totalBytes + bytes.count > maxBytes) {
            guard let oldest = entries.min(by: { $0.value.used < $1.value.used }) else { break }
            totalBytes -= oldest.value.bytes
            entries[oldest.key] = nil
        }
        entries[id] = Entry(text: text, bytes: bytes.count, used: clock)
        totalBytes += bytes.count
        return text
    }

    /// The settings read from blob `id` for the rules `signature` names, when it is still here.
    func settings(_ id: ObjectID, signature: String) -> [Binding]? { entries[id]?.settings[signature] }

    func keepSettings(_ settings: [Binding], _ id: ObjectID, signature: String) {
        entries[id]?.settings[signature] = settings
    }
}
