import Testing
@testable import VigilGit

@Suite struct ObjectDirectoryEnvironmentTests {
    @Test func splitsPlainEntriesOnColons() {
        let entries = ObjectDirectoryEnvironment.parseAlternates("/a/objects:/b/objects")
        #expect(entries == [.init(path: "/a/objects", wasQuoted: false), .init(path: "/b/objects", wasQuoted: false)])
    }

    @Test func unquotesEntriesGitCQuoted() {
        // receive-pack quotes the main object directory when its path holds a colon.
        let entries = ObjectDirectoryEnvironment.parseAlternates(#"/q/objects:"/srv/repo:1.git/objects""#)
        #expect(entries == [.init(path: "/q/objects", wasQuoted: false), .init(path: "/srv/repo:1.git/objects", wasQuoted: true)])
    }

    @Test func decodesEscapesAndOctalBytes() {
        let entries = ObjectDirectoryEnvironment.parseAlternates(#""/tmp/a\"b\\c\303\251":/d"#)
        #expect(entries.first?.path == "/tmp/a\"b\\cé")
        #expect(entries.last == .init(path: "/d", wasQuoted: false))
    }

    @Test func ignoresEmptyEntries() {
        #expect(ObjectDirectoryEnvironment.parseAlternates("::/x:").map(\.path) == ["/x"])
        #expect(ObjectDirectoryEnvironment.parseAlternates("").isEmpty)
    }
}
