import type { Comparison } from "../compare/compare-years.js";
import type { Edition } from "../compare/compare-edition.js";
import type { Assessment, Framework } from "../model/model.js";
import { formatAverage } from "../score/score-year.js";
import { buildAssessmentView, type AssessmentView } from "./assessment-view.js";
import { formatScore, formatSigned, ratingClass } from "./format-values.js";
import { trendChart, type TrendChart } from "./trend-chart.js";

/** What report templates see (`report.*.hbs`): every programme of a folder, for one year. */
export interface ReportView {
  /** "Programme performance in 2022" */
  title: string;
  year: number;
  /** Programmes scored in `year`. */
  programmeCount: number;
  /** "14 programmes", "1 programme" */
  programmeCountText: string;
  /** One per framework edition used in `year`: programmes scored under different editions are never ranked together. */
  groups: ReportGroupView[];
  programmes: ReportProgrammeView[];
  /** Assessments with no score for `year`, by name (their headings, where two share a name). */
  notScored: string[];
}

export interface ReportGroupView {
  framework: { id: string; title: string };
  /** "14 programmes scored under ctm-2019" */
  caption: string;
  league: LeagueRowView[];
  /** How many programmes fall in each band, highest band first. */
  bands: { label: string; ratingClass: string; count: number; /** Share of the group, for a bar: "42.9" (%). */ share: string }[];
  heatMap: {
    criteria: { id: string; title: string }[];
    rows: { programme: string; anchor: string; cells: { score: string; /** "s0" … "s10": a colour class. */ scoreClass: string; title: string }[] }[];
  };
}

export interface LeagueRowView {
  /** "1", "2=", … : programmes with the same printed average share a rank. */
  rank: string;
  programme: string;
  /** The id of the programme's section in the page. */
  anchor: string;
  average: string;
  rating: string;
  ratingClass: string;
  /** "+0.3", "−0.4", "0.0", or "" with no earlier year on file. */
  change: string;
  /** "▲", "▼", "▶" or "". */
  arrow: string;
  /** The year compared with when it is not the year before (few 2021 tables survive: 2022 compares with "2020"); "" otherwise. */
  since: string;
  /** "up 0.3 since 2021", for screen readers and printouts; "" with no earlier year. */
  changeText: string;
}

export interface ReportProgrammeView {
  programme: string;
  /** The programme's name, with what it clears where two programmes share a name: "Iraq (cluster munitions)". */
  heading: string;
  anchor: string;
  table: AssessmentView;
  /** The comparison narrative with the year on file before, rendered by the caller; "" if none. */
  narrative: string;
  chart: TrendChart;
}

/**
 * A report over many assessments for one year, from their scores and comparisons (compareEdition). `narrative`
 * renders a comparison's narrative (through the comparison-narrative template); it is passed in so that this stays
 * a pure view-model builder.
 */
export function buildReportView(edition: Edition, frameworks: ReadonlyMap<string, Framework>, narrative: (programme: string, comparison: Comparison) => string): ReportView {
  const { year } = edition;
  const assessments = edition.programmes.map((scored) => scored.assessment);
  const headings = programmeHeadings(assessments);
  const sorted = [...edition.entries].sort(
    (a, b) => a.scored.assessment.programme.localeCompare(b.scored.assessment.programme) || headings.get(a.scored.assessment)!.localeCompare(headings.get(b.scored.assessment)!),
  );
  const anchors = uniqueAnchors(sorted.map((entry) => headings.get(entry.scored.assessment)!));
  const entries = sorted.map((entry, index) => ({ ...entry, assessment: entry.scored.assessment, anchor: anchors[index]! }));

  const groupIds = [...new Set(entries.map((e) => e.current.framework.id))].sort();
  const groups = groupIds.map((id): ReportGroupView => {
    const members = entries.filter((e) => e.current.framework.id === id).sort((a, b) => b.current.average.cmp(a.current.average) || a.assessment.programme.localeCompare(b.assessment.programme));
    const framework = members[0]!.current.framework;
    const league = members.map((member): LeagueRowView => {
      const first = members.findIndex((other) => other.current.average.cmp(member.current.average) === 0);
      const tied = members.filter((other) => other.current.average.cmp(member.current.average) === 0).length > 1;
      const change = member.previous && member.current.average.sub(member.previous.average);
      const sign = change?.sign();
      return {
        rank: `${first + 1}${tied ? "=" : ""}`,
        programme: member.assessment.programme,
        anchor: member.anchor,
        average: formatAverage(member.current.average, framework),
        rating: member.current.rating.label,
        ratingClass: ratingClass(member.current.rating.label),
        change: change ? formatSigned(change, framework.rounding.decimals) : "",
        arrow: sign === undefined ? "" : sign > 0 ? "▲" : sign < 0 ? "▼" : "▶",
        since: member.previous && member.previous.year !== year - 1 ? String(member.previous.year) : "",
        changeText: change
          ? `${sign! > 0 ? "up" : sign! < 0 ? "down" : "unchanged"}${sign === 0 ? "" : ` ${change.abs().toDecimal(framework.rounding.decimals, framework.rounding.decimals + 4)}`} since ${member.previous!.year}`
          : "",
      };
    });
    return {
      framework: { id: framework.id, title: framework.title },
      caption: `${members.length} programme${members.length === 1 ? "" : "s"} scored under ${framework.title} (${framework.id})`,
      league,
      bands: framework.bands.map((band) => {
        const count = members.filter((m) => m.current.rating.label === band.label).length;
        return { label: band.label, ratingClass: ratingClass(band.label), count, share: ((count * 100) / members.length).toFixed(1) };
      }),
      heatMap: {
        criteria: framework.criteria.map((c) => ({ id: c.id, title: c.title })),
        rows: members.map((member) => ({
          programme: member.assessment.programme,
          anchor: member.anchor,
          cells: member.current.criteria.map((c) => {
            const score = formatScore(c.score);
            const share = c.score === null ? undefined : c.score.sub(framework.scale.min).div(framework.scale.max.sub(framework.scale.min));
            return {
              score,
              scoreClass: share === undefined ? "none" : `s${Math.round(share.toNumber() * 10)}`,
              title: `${member.assessment.programme}, ${c.title}: ${score}`,
            };
          }),
        })),
      },
    };
  });

  const programmes = entries.map(({ scored, assessment, anchor, current, previous, comparison }): ReportProgrammeView => {
    const columns = previous ? [current.year, previous.year] : [current.year];
    const history = [...scored.years].sort((a, b) => a.year - b.year).filter((score) => score.year <= year);
    return {
      programme: assessment.programme,
      heading: headings.get(assessment)!,
      anchor,
      table: buildAssessmentView(scored, columns, frameworks),
      narrative: comparison ? narrative(assessment.programme, comparison) : "",
      chart: trendChart(assessment.programme, history, current.framework, "small"),
    };
  });

  return {
    title: `Programme performance in ${year}`,
    year,
    programmeCount: entries.length,
    programmeCountText: `${entries.length} programme${entries.length === 1 ? "" : "s"}`,
    groups,
    programmes,
    notScored: assessments.filter((a) => !a.years.some((y) => y.year === year)).map((a) => headings.get(a)!).sort((a, b) => a.localeCompare(b)),
  };
}

/**
 * Each assessment's name as a heading: its programme, and where two assessments share that name (a country's mine
 * programme and its cluster munition programme), what its latest year's framework says it clears ("Iraq (cluster
 * munitions)"), or that framework's id.
 */
function programmeHeadings(assessments: readonly Assessment[]): Map<Assessment, string> {
  const count = new Map<string, number>();
  for (const a of assessments) count.set(a.programme, (count.get(a.programme) ?? 0) + 1);
  return new Map(
    assessments.map((a) => {
      const latest = a.years[0]!.framework;
      return [a, count.get(a.programme)! > 1 ? `${a.programme} (${latest.kind?.replace(/-/g, " ") ?? latest.id})` : a.programme];
    }),
  );
}

/** "Bosnia and Herzegovina" → "bosnia-and-herzegovina", made unique. */
function uniqueAnchors(names: string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    const base = `p-${name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "programme"}`;
    let anchor = base;
    for (let n = 2; used.has(anchor); n++) anchor = `${base}-${n}`;
    used.add(anchor);
    return anchor;
  });
}
