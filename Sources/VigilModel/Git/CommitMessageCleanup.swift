/// What `git commit` does to the message file after the commit-msg hook has read it: cut at the
/// scissors line (`git commit -v` puts the diff below it), drop comment lines, strip trailing
/// spaces, squeeze blank lines, and drop them at either end. The hook judges the message git
/// will record, not the editor's help text.
public enum CommitMessageCleanup {
    public static let scissors = Array(" ------------------------ >8 ------------------------".utf8)

    public static func clean(_ message: [UInt8], commentCharacter: UInt8 = 0x23) -> [UInt8] {
        var lines: [ArraySlice<UInt8>] = []
        for line in message.split(separator: 0x0A, omittingEmptySubsequences: false) {
            if line.first == commentCharacter && Array(line.dropFirst()) == scissors { break }
            if line.first == commentCharacter { continue }
            var end = line.endIndex
            while end > line.startIndex, [0x20, 0x09, 0x0D, 0x0B, 0x0C].contains(line[end - 1]) { end -= 1 }
            lines.append(line[line.startIndex..<end])
        }
        var result: [UInt8] = []
        var pendingBlank = false
        for line in lines {
            if line.isEmpty {
                pendingBlank = !result.isEmpty
                continue
            }
            if pendingBlank { result.append(0x0A) }
            pendingBlank = false
            result += line
            result.append(0x0A)
        }
        return result
    }
}
