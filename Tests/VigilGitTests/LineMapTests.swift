import Testing
@testable import VigilGit

/// A line's place in a later version of its file: unchanged lines move by what changed above
/// them, changed and removed ones land on the nearest line that survives.
@Suite struct LineMapTests {
    static func text(_ lines: [String]) -> [UInt8] { Array(lines.map { $0 + "\n" }.joined().utf8) }

    @Test func survivorsOfRandomEditsAreFoundExactly() throws {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ bound: Int) -> Int {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int(state % UInt64(max(bound, 1)))
        }
        for round in 0..<200 {
            let old = (0..<(1 + next(40))).map { "line \(round)-\($0)" }
            // Lines carry their old index while they survive; new lines carry nil.
            var edited: [(text: String, from: Int?)] = old.enumerated().map { ($0.element, $0.offset) }
            for edit in 0..<(1 + next(6)) {
                let at = next(edited.count + 1)
                switch next(3) {
                case 0: edited.insert(("new \(round)-\(edit)", nil), at: at)
                case 1: if at < edited.count { edited.remove(at: at) }
                default: if at < edited.count { edited[at] = ("changed \(round)-\(edit)", nil) }
                }
            }
            let map = try LineMap(old: Self.text(old), new: Self.text(edited.map(\.text)))
            var survivors: [Int: Int] = [:]
            for (index, line) in edited.enumerated() { if let from = line.from { survivors[from] = index + 1 } }
            for line in 1...old.count {
                let place = map.place(of: line)
                if let expected = survivors[line - 1] {
                    #expect(place == .same(expected), "round \(round): line \(line)")
                } else if edited.isEmpty {
                    #expect(place == .none)
                } else if case .nearest(let n) = place {
                    #expect((1...edited.count).contains(n))
                } else {
                    Issue.record("round \(round): removed line \(line) placed as \(place)")
                }
            }
        }
    }

    @Test func aRemovedLineLandsOnTheLineThatTookItsPlace() throws {
        let map = try LineMap(old: Self.text(["a", "b", "c", "d"]), new: Self.text(["a", "d"]))
        #expect(map.place(of: 2) == .nearest(2))
        #expect(map.place(of: 3) == .nearest(2))
        #expect(map.place(of: 4) == .same(2))
        let atEnd = try LineMap(old: Self.text(["a", "b"]), new: Self.text(["a"]))
        #expect(atEnd.place(of: 2) == .nearest(1))
        let atStart = try LineMap(old: Self.text(["a", "b"]), new: Self.text(["b"]))
        #expect(atStart.place(of: 1) == .nearest(1))
        let replaced = try LineMap(old: Self.text(["a", "b", "c"]), new: Self.text(["a", "x", "y", "c"]))
        #expect(replaced.place(of: 2) == .nearest(2))
        #expect(replaced.place(of: 3) == .same(4))
    }
}
