import type { Strategy } from '#shared';
import { writeKpiWorkbook } from '../consolidate/kpi-workbook';
import { mergeKpi } from '../consolidate/merge';
import { mergeProgress, writeProgressWorkbook } from '../consolidate/progress-workbook';
import { writeProjectWorkbook } from '../consolidate/project-workbook';
import type { Cycle, Store } from '../store/store';

/**
 * The consolidated workbook of a cycle: every department's latest version merged, with the admin's
 * resolutions — the KPI table (達成率, 評価, 集計), the 進捗報告 layout, or the 事業一覧 with every
 * project sheet copied in.
 */
export async function consolidatedWorkbook(store: Store, strategy: Strategy, cycle: Cycle): Promise<Buffer> {
  if (cycle.kind === 'project') {
    const sources = await Promise.all(
      (await store.latestProjects(cycle.id)).map(async (s) => ({
        ...s,
        file: s.submission.fileSha256 ? await store.getFile(s.submission.fileSha256) : null,
      })),
    );
    return writeProjectWorkbook(cycle, sources, await store.dataResolutions(cycle.id, 'project'));
  }
  if (cycle.kind === 'progress')
    return writeProgressWorkbook(
      strategy,
      cycle,
      mergeProgress(await store.latestProgress(cycle.id), await store.dataResolutions(cycle.id, 'progress')),
    );
  const merged = mergeKpi(
    strategy,
    await store.latestSubmissions(cycle.id),
    await store.resolutions(cycle.id),
  );
  return writeKpiWorkbook(strategy, cycle, merged.rows);
}
