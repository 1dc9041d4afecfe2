package io.canarykit.admin.pnl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PaperPnlTest {

    private static final String HEADER = "day,pnl,return,equity,start_of_day_equity,realised_pnl,fees,unrealised_pnl,"
            + "max_dd_today,trades_today,last_ts,complete\n";

    @Test
    void readsCompletedDaysOldestFirstAndLeavesOutIncompleteOnes() {
        PaperPnl.Parsed parsed = PaperPnl.parse(HEADER
                + "2026-01-06,6.0,0.00006,99976.5,99970.5,0.0,0.0,6.0,0.0,0,1767657603000,false\n"
                + "2026-01-05,-29.5,-0.000295,99970.5,100000.0,-4.0,1.5,-24.0,0.000785,2,1767607208000,true\n");

        assertThat(parsed.days()).singleElement().satisfies(d -> {
            assertThat(d.day()).isEqualTo(LocalDate.of(2026, 1, 5));
            // The return is the P&L over the start-of-day equity: -29.5 / 100,000.
            assertThat(d.dailyReturn()).isCloseTo(-0.000295, within(1e-15));
            assertThat(d.equity()).isEqualTo(99_970.5);
        });
        assertThat(parsed.incomplete()).containsExactly(LocalDate.of(2026, 1, 6));
    }

    @Test
    void readsAMinimalFileWithOnlyTheRequiredColumns() {
        PaperPnl.Parsed parsed = PaperPnl.parse("day,pnl,start_of_day_equity\n2025-11-02,200,100000\n2025-11-01,-50,100000\n");
        assertThat(parsed.days()).extracting(PaperPnl.Day::day)
                .containsExactly(LocalDate.of(2025, 11, 1), LocalDate.of(2025, 11, 2));
        assertThat(parsed.days().get(0).dailyReturn()).isCloseTo(-0.0005, within(1e-15));
        assertThat(parsed.days().get(0).equity()).isNull();
    }

    @Test
    void refusesAFileItCannotUseNamingTheLine() {
        assertThatThrownBy(() -> PaperPnl.parse("")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> PaperPnl.parse("day,pnl\n2025-11-01,1\n"))
                .hasMessageContaining("no 'start_of_day_equity' column");
        assertThatThrownBy(() -> PaperPnl.parse("day,pnl,start_of_day_equity\n2025-11-01,1,100\n2025-11-01,2,100\n"))
                .hasMessageContaining("line 3").hasMessageContaining("appears twice");
        assertThatThrownBy(() -> PaperPnl.parse("day,pnl,start_of_day_equity\n2025-13-01,1,100\n"))
                .hasMessageContaining("line 2").hasMessageContaining("yyyy-mm-dd");
        assertThatThrownBy(() -> PaperPnl.parse("day,pnl,start_of_day_equity\n2025-11-01,NaN,100\n"))
                .hasMessageContaining("pnl must be a number");
        assertThatThrownBy(() -> PaperPnl.parse("day,pnl,start_of_day_equity\n2025-11-01,1d,100\n"))
                .hasMessageContaining("pnl must be a number");
        assertThatThrownBy(() -> PaperPnl.parse("day,pnl,start_of_day_equity\n2025-11-01,1,0\n"))
                .hasMessageContaining("start_of_day_equity must be above 0");
        assertThatThrownBy(() -> PaperPnl.parse("day,pnl,start_of_day_equity\n2025-11-01,1\n"))
                .hasMessageContaining("line 2").hasMessageContaining("2 fields");
        assertThatThrownBy(() -> PaperPnl.parse("day,pnl,start_of_day_equity,complete\n2025-11-01,1,100,false\n"))
                .hasMessageContaining("no completed day");
        assertThatThrownBy(() -> PaperPnl.parse("day,pnl,start_of_day_equity,complete\n2025-11-01,1,100,maybe\n"))
                .hasMessageContaining("complete must be true or false");
    }
}
