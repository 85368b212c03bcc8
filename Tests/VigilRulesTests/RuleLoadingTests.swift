import Testing
import VigilRules

/// A malformed rule file fails at load with the file and line at fault.
@Suite struct RuleLoadingTests {
    func loadError(_ yaml: String) -> RuleFileError? {
        ruleFileError(expectingFailure: false) { _ = try AgentCatalog.load(yaml: yaml, file: "rules/agents.yml") }
    }

    @Test func invalidYAMLNamesTheLine() throws {
        let error = try #require(loadError("version: 1\nagents:\n  - id: x\n    name: [unclosed\n"))
        #expect(error.file == "rules/agents.yml")
        #expect(error.line >= 4)
        #expect(error.message.hasPrefix("invalid YAML"))
    }

    @Test func aBadRegexNamesItsLine() throws {
        let yaml = "version: 1\nagents:\n  - id: x\n    markers:\n      - regex: '(unclosed'\n        class: ai\n"
        let error = try #require(loadError(yaml))
        #expect(error.line == 5)
        #expect(error.description.hasPrefix("rules/agents.yml:5: agent 'x': regex: invalid regular expression '(unclosed'"))
    }

    @Test func anUnknownKeyIsATypoNotSilence() throws {
        let error = try #require(loadError("version: 1\nagents:\n  - id: x\n    identities:\n      - emial: a@b.c\n"))
        #expect(error.line == 5)
        #expect(error.message.contains("unknown key 'emial'"))
    }

    @Test func anUnknownClassIsRefused() throws {
        let error = try #require(loadError("version: 1\nagents:\n  - id: x\n    trailers:\n      - key: A\n        class: robot\n"))
        #expect(error.line == 6)
        #expect(error.message.contains("unknown value 'robot'"))
    }

    @Test func duplicateIdsAndMissingKeysAreRefused() throws {
        let dup = try #require(loadError("version: 1\nagents:\n  - id: x\n  - id: x\n"))
        #expect(dup.line == 4)
        #expect(dup.message.contains("duplicate agent id 'x'"))
        let missing = try #require(loadError("version: 1\nagents:\n  - name: nameless\n"))
        #expect(missing.line == 3)
        #expect(missing.message.contains("missing required key 'id'"))
        let version = try #require(loadError("version: 7\nagents: []\n"))
        #expect(version.message.contains("unsupported version"))
    }
}

/// The `RuleFileError` `body` throws (nil when it succeeds, recorded as an issue when
/// `expectingFailure`); another error type is an issue too.
func ruleFileError(expectingFailure: Bool, _ body: () throws -> Void) -> RuleFileError? {
    do {
        try body()
        if expectingFailure { Issue.record("accepted where an error was expected") }
        return nil
    } catch let error as RuleFileError {
        return error
    } catch {
        Issue.record("unexpected error type: \(error)")
        return nil
    }
}
