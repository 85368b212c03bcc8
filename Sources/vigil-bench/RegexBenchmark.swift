// vigil-bench regex RULES_DIR LINES_FILE
//
// Compares the regular-expression engines vigil could use for risk rules, on the same patterns
// (every `added`/`removed` regex of the rules) and the same diff lines: PCRE2 with JIT and a
// match limit (what vigil uses), Foundation's NSRegularExpression (ICU), and Swift's Regex.
// Then times each on a catastrophic pattern, the case a hostile rule file would bring into a hook.
import Dispatch
import Foundation
import VigilPatterns
import VigilRules


/// Compares PCRE2, NSRegularExpression and Swift Regex on the rules' patterns and real diff lines.
func regexBenchmark(rulesDirectory: String, linesFile: String) throws {
let rules = try RuleSet.load(directory: rulesDirectory)
let sources = rules.risk.rules.flatMap { $0.added.map(\.source) + $0.removed.map(\.source) }
let lines = try String(contentsOfFile: linesFile, encoding: .utf8).split(separator: "\n").map(String.init)
print("patterns: \(sources.count) from \(rules.risk.rules.count) rules; lines: \(lines.count); pattern x line pairs: \(sources.count * lines.count)")

// PCRE2 (JIT, match limit), as the engine runs it.
do {
    var start = DispatchTime.now()
    let compiled = try sources.map { try Pattern($0) }
    let compile = seconds(start)
    start = .now()
    var matches = 0
    for line in lines { for p in compiled where p.matches(line) { matches += 1 } }
    print(String(format: "PCRE2 JIT            compile %.4f s  match %7.3f s  %9.0f lines/s  matches %d  (JIT: %@)",
                 compile, seconds(start), Double(lines.count) / seconds(start), matches, compiled.allSatisfy(\.isJITCompiled) ? "yes" : "partly"))
}

// NSRegularExpression (ICU).
do {
    var start = DispatchTime.now()
    var compiled: [NSRegularExpression] = []
    var failed = 0
    for s in sources { if let r = try? NSRegularExpression(pattern: s) { compiled.append(r) } else { failed += 1 } }
    let compile = seconds(start)
    start = .now()
    var matches = 0
    for line in lines {
        let range = NSRange(line.startIndex..., in: line)
        for r in compiled where r.firstMatch(in: line, range: range) != nil { matches += 1 }
    }
    print(String(format: "NSRegularExpression  compile %.4f s  match %7.3f s  %9.0f lines/s  matches %d  (%d patterns ICU rejects)",
                 compile, seconds(start), Double(lines.count) / seconds(start), matches, failed))
}

// Swift Regex.
do {
    var start = DispatchTime.now()
    var compiled: [Regex<AnyRegexOutput>] = []
    var failed = 0
    for s in sources { if let r = try? Regex(s) { compiled.append(r) } else { failed += 1 } }
    let compile = seconds(start)
    start = .now()
    var matches = 0
    for line in lines { for r in compiled where line.contains(r) { matches += 1 } }
    print(String(format: "Swift Regex          compile %.4f s  match %7.3f s  %9.0f lines/s  matches %d  (%d patterns it rejects)",
                 compile, seconds(start), Double(lines.count) / seconds(start), matches, failed))
}

// A catastrophic pattern: exponential backtracking on a subject that almost matches.
let hostile = "^(a|aa)+$"
for n in [24, 30] {
    let subject = String(repeating: "a", count: n) + "b"
    var start = DispatchTime.now()
    let p = try Pattern(hostile)
    let outcome = p.firstMatch(in: subject)
    print(String(format: "hostile n=%d  PCRE2 (match limit)  %.4f s  -> %@", n, seconds(start), "\(outcome)"))
    // The others have no limit: run them on a thread and stop waiting after a budget.
    let engines: [(String, @Sendable () -> Void)] = [("NSRegularExpression", { () -> Void in
        guard let r = try? NSRegularExpression(pattern: hostile) else { return }
        _ = r.firstMatch(in: subject, range: NSRange(subject.startIndex..., in: subject))
    }), ("Swift Regex", { () -> Void in
        guard let r = try? Regex(hostile) else { return }
        _ = subject.contains(r)
    })]
    for (name, work) in engines {
        let done = DispatchSemaphore(value: 0)
        start = .now()
        Thread.detachNewThread { work(); done.signal() }
        let budget = 20.0
        if done.wait(timeout: .now() + budget) == .timedOut {
            print(String(format: "hostile n=%d  %@  still running after %.0f s (no limit)", n, name, budget))
        } else {
            print(String(format: "hostile n=%d  %@  %.4f s", n, name, seconds(start)))
        }
    }
}
}
