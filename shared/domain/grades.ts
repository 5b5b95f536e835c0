import { z } from 'zod';
import type { Achievement } from './achievement';

/**
 * Grading schemes are per municipality (◎○△×, S/A/B/C, A–D with thresholds): data, not code.
 * A scale lists its grades from best to worst, each with the lowest 達成率 (in %) it takes.
 */

export const GradeScaleSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  /** Best first; the first grade whose `min` the rate reaches is given. The last grade has `min: null`. */
  grades: z
    .array(
      z.object({
        label: z.string().min(1),
        /** Lowest 達成率 in % for this grade (inclusive); null for the catch-all last grade. */
        min: z.number().nullable(),
        meaning: z.object({ ja: z.string(), en: z.string() }),
      }),
    )
    .min(2),
  /** Shown when no 達成率 can be computed (qualitative target, no actual yet). */
  unavailable: z.string().min(1),
});
export type GradeScale = z.infer<typeof GradeScaleSchema>;

/** sousei-sync's default: ◎ 達成 (≥100 %), ○ 概ね達成 (≥80 %), △ 一部達成 (≥50 %), × 未達成. */
export const DEFAULT_GRADE_SCALE: GradeScale = {
  id: 'marks',
  name: '◎○△×',
  grades: [
    { label: '◎', min: 100, meaning: { ja: '達成', en: 'achieved' } },
    { label: '○', min: 80, meaning: { ja: '概ね達成', en: 'mostly achieved' } },
    { label: '△', min: 50, meaning: { ja: '一部達成', en: 'partly achieved' } },
    { label: '×', min: null, meaning: { ja: '未達成', en: 'not achieved' } },
  ],
  unavailable: '−',
};

/** Other scales in use, to start from (thresholds as those municipalities publish them or close to). */
export const GRADE_SCALES: readonly GradeScale[] = [
  DEFAULT_GRADE_SCALE,
  {
    id: 'sabc',
    name: 'S/A/B/C',
    grades: [
      { label: 'S', min: 100, meaning: { ja: '目標を達成', en: 'target reached' } },
      { label: 'A', min: 80, meaning: { ja: '順調', en: 'on track' } },
      { label: 'B', min: 50, meaning: { ja: 'やや遅れ', en: 'somewhat behind' } },
      { label: 'C', min: null, meaning: { ja: '遅れ', en: 'behind' } },
    ],
    unavailable: '−',
  },
  {
    id: 'a-d',
    name: 'A–D (A ≥ 110%)',
    grades: [
      { label: 'A', min: 110, meaning: { ja: '目標を上回る', en: 'above target' } },
      { label: 'B', min: 80, meaning: { ja: '概ね目標どおり', en: 'about on target' } },
      { label: 'C', min: 50, meaning: { ja: '目標を下回る', en: 'below target' } },
      { label: 'D', min: null, meaning: { ja: '大きく下回る', en: 'far below target' } },
    ],
    unavailable: '−',
  },
];

export interface Grade {
  label: string;
  meaning: { ja: string; en: string } | null;
}

/**
 * The grade of an achievement. A met / not-met result without a rate (目標 0, 目標 = 基準, a bound or a
 * level to keep) takes the grade of 100 % when met and the lowest grade when not. A qualitative KPI gets
 * an empty grade: the planning office (企画課) grades it.
 */
export function gradeOf(achievement: Achievement, scale: GradeScale = DEFAULT_GRADE_SCALE): Grade {
  // A qualitative KPI is graded by the planning office: the cell stays empty for it, with why.
  if (achievement.kind === 'unavailable' && achievement.reason === 'qualitative')
    return { label: '', meaning: { ja: '企画課が評価', en: 'graded by the planning office' } };
  if (achievement.kind === 'unavailable') return { label: scale.unavailable, meaning: null };
  const percent = achievement.kind === 'rate' ? achievement.rate * 100 : achievement.met ? 100 : -Infinity;
  // Compare at 0.1 % like the printed figure, so 79.96 % shown as 80.0 % gets the 80 % grade.
  const shown = Math.round(percent * 10) / 10;
  const grade =
    scale.grades.find((g) => g.min === null || shown >= g.min) ?? scale.grades[scale.grades.length - 1]!;
  return { label: grade.label, meaning: grade.meaning };
}
