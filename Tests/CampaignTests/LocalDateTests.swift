import Foundation
import Testing
@testable import Campaign

@Suite struct LocalDateTests {
    @Test func parsesAnExistingDay() {
        #expect(LocalDate("2023-01-16") == LocalDate(year: 2023, month: 1, day: 16))
        #expect(LocalDate("2024-02-29") != nil)
    }

    @Test func rejectsDaysThatDoNotExist() {
        #expect(LocalDate("2023-02-30") == nil)
        #expect(LocalDate("2023-02-29") == nil)
        #expect(LocalDate("2023-13-01") == nil)
        #expect(LocalDate("2023-1-16") == nil)
        #expect(LocalDate("16/01/2023") == nil)
    }

    @Test func addsDaysAcrossMonthAndYearEnds() {
        #expect(LocalDate("2023-02-28")?.adding(days: 1) == LocalDate("2023-03-01"))
        #expect(LocalDate("2023-12-31")?.adding(days: 1) == LocalDate("2024-01-01"))
        #expect(LocalDate("2024-03-01")?.adding(days: -1) == LocalDate("2024-02-29"))
    }

    @Test func parsesDateTimesToTheMinute() {
        #expect(LocalDateTime("2023-09-30T18:00")?.description == "2023-09-30T18:00")
        #expect(LocalDateTime("2023-09-30")?.time == nil)
        #expect(LocalDateTime("2023-09-30T24:00") == nil)
        #expect(LocalDateTime("2023-09-30T18") == nil)
    }
}
