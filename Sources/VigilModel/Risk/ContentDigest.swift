/// A short, stable content hash (64-bit FNV-1a, 16 hex digits): finding fingerprints and the
/// digests that tell the index which stored results a rule change makes stale. Not a security hash.
public enum ContentDigest {
    public static func of(_ parts: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in parts {
            for byte in part.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
            // A separator, so ["ab", "c"] and ["a", "bc"] differ.
            hash ^= 0x1F
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
