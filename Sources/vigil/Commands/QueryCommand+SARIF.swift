import VigilGit
import VigilModel
import VigilRender
import VigilRules
import VigilStore

extension QueryCommand {
    /// The query's findings as SARIF, judged on each commit's stored report (so the policy sees
    /// its reviewers), with triage verdicts as suppressions; placed on HEAD's tree when every
    /// finding comes from one repository that can be read here.
    func sarifText(db: IndexDatabase, flags: [FlagRecord]?, commits: [CommitRecord]?, ruleSet: RuleSet) throws -> String {
        var reports: [String: CommitReport] = [:]
        var items: [(flag: RiskFlag, report: CommitReport)] = []
        var triage: [String: TriageVerdict] = [:]
        var repositories = Set<String>()
        for record in flags ?? [] {
            repositories.insert(record.repository.path)
            let key = "\(record.repository.id):\(record.commit)"
            if reports[key] == nil { reports[key] = try db.storedReport(record.commit, repository: record.repository) }
            guard let report = reports[key] else { continue }
            items.append((record.flag, report))
            if let verdict = record.triageVerdict { triage[record.flag.fingerprint] = verdict }
        }
        for record in commits ?? [] {
            repositories.insert(record.repository.path)
            for flag in record.report.flags { items.append((flag, record.report)) }
        }
        let single = repositories.count == 1 ? repositories.first : nil
        let readable = single.flatMap { try? Repository(discoveringFrom: $0) }.flatMap { (try? $0.headCommit()) ?? nil } != nil
        var settings = try sarif.settings(rules: ruleSet, repositoryPath: readable ? single : nil, revisions: [], place: readable,
                                          triage: triage)
        // Rules that fired, as the rule set now describes them; findings of rules since removed keep their id.
        let fired = Set(items.map(\.flag.rule))
        settings.rules = settings.rules.filter { fired.contains($0.id) }
        var log = SARIFLog(settings: settings)
        for item in items { log.add(item.flag, of: item.report) }
        let text = log.text
        if let warning = log.capWarning { settings.warn(warning) }
        return text
    }
}
