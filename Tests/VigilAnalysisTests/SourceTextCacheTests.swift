import Testing
import VigilModel
@testable import VigilAnalysis

/// A blob analysed for one commit is reused by the next commit that reads it, within bounds.
@Suite struct SourceTextCacheTests {
    static func id(_ n: Int) -> ObjectID? { ObjectID(hex: String(repeating: "0", count: 38) + String(format: "%02x", n)) }

    @Test func theSameBlobIsAnalysedOnceAndTheOldestGoesFirst() throws {
        let cache = SourceTextCache(maxEntries: 2, maxBytes: 1 << 20)
        let bytes = Array("kl_coef = 0.05\n".utf8)
        let first = cache.text(Self.id(1), bytes: bytes, language: .python)
        #expect(cache.text(Self.id(1), bytes: bytes, language: .python) === first)
        _ = cache.text(Self.id(2), bytes: bytes, language: .python)
        _ = cache.text(Self.id(1), bytes: bytes, language: .python)   // 1 is now the newer
        _ = cache.text(Self.id(3), bytes: bytes, language: .python)   // evicts 2
        #expect(cache.text(Self.id(1), bytes: bytes, language: .python) === first)
        let two = cache.text(Self.id(2), bytes: bytes, language: .python)
        #expect(cache.text(Self.id(2), bytes: bytes, language: .python) === two)
        // Another language for the same blob is analysed afresh; no id is never kept.
        #expect(cache.text(Self.id(2), bytes: bytes, language: .yaml) !== two)
        #expect(cache.text(nil, bytes: bytes, language: .python) !== cache.text(nil, bytes: bytes, language: .python))
    }

    @Test func settingsAreKeptPerBlobAndRules() throws {
        let cache = SourceTextCache(maxEntries: 4, maxBytes: 1 << 20)
        let id = try #require(Self.id(7))
        _ = cache.text(id, bytes: Array("x = 1\n".utf8), language: .python)
        #expect(cache.settings(id, signature: "a") == nil)
        cache.keepSettings([], id, signature: "a")
        #expect(cache.settings(id, signature: "a") != nil && cache.settings(id, signature: "b") == nil)
    }

    @Test func aBlobLargerThanAQuarterOfTheBoundIsNotKept() throws {
        let cache = SourceTextCache(maxEntries: 8, maxBytes: 64)
        let big = Array(String(repeating: "a = 1\n", count: 10).utf8)
        let text = cache.text(Self.id(9), bytes: big, language: .python)
        #expect(cache.text(Self.id(9), bytes: big, language: .python) !== text)
    }
}
