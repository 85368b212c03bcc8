import Foundation
import Testing
@testable import VigilGit

@Suite struct GitDateTests {
    @Test func readsTheFormsUsersWrite() {
        #expect(GitDate.parse("2026-01-01") == 1_767_225_600)
        #expect(GitDate.parse("2026-01-01 01:00") == 1_767_229_200)
        #expect(GitDate.parse("2026-01-01T00:00:10Z") == 1_767_225_610)
        #expect(GitDate.parse("2026-01-01T02:00:00+02:00") == 1_767_225_600)
        #expect(GitDate.parse("@1767225600") == 1_767_225_600)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let twoWeeksAgo: Int64 = 1_800_000_000 - 2 * 604_800
        let oneDayAgo: Int64 = 1_800_000_000 - 86_400
        #expect(GitDate.parse("2 weeks ago", now: now) == twoWeeksAgo)
        #expect(GitDate.parse("1 day ago", now: now) == oneDayAgo)
    }

    @Test func refusesWhatItCannotRead() {
        #expect(GitDate.parse("next tuesday-ish") == nil)
        #expect(GitDate.parse("2026-13-45") == nil)
    }
}
