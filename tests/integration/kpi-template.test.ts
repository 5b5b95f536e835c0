import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { bundledStrategies, validateWorkbook } from '#shared';
import { buildKpiWorkbook } from '../fixtures/kpi-book';
import { goal1, goal1Complete } from '../fixtures/kpi-seed';
import { snapshotOf, snapshotOfWorkbook } from '../fixtures/snapshot';

const strategy = bundledStrategies.get('kushiro-1')!;

describe('KPI table template (real layout: title row, merged 年・年度 header, merged item cells)', () => {
  it('reads every KPI row with the item, KPI, unit and department carried over merged cells', async () => {
    const result = validateWorkbook(await snapshotOf(await buildKpiWorkbook([goal1])), strategy);
    const [sheet] = result.sheets;
    expect(sheet!.template).toBe('kpi');
    // 9 KPIs × 3 rows in the transcribed part of 基本目標1.
    expect(sheet!.rows).toBe(27);
    const first = sheet!.kpiRows[0]!;
    expect(first).toMatchObject({
      policy: 'ア 持続的成長を目指した水産業の振興',
      kpi: '・釧路港年間水揚量',
      kind: 'baseline',
      period: 'H23-26年平均',
      value: '117,779',
      unit: 'トン',
      department: '水産課',
    });
    const vegetableTarget = sheet!.kpiRows.find((r) => r.kpi === '・野菜出荷量' && r.kind === 'target')!;
    expect(vegetableTarget).toMatchObject({
      policy: 'イ 生産基盤の強化による農業の振興',
      unit: 'トン',
      department: '農林課',
      value: '1,339',
    });
    expect(vegetableTarget.cells.value).toBe(`E${vegetableTarget.row}`);
    // Where each field was read: a plain object, so a copy or its JSON keeps all seven.
    const r = vegetableTarget.row;
    const cells = {
      policy: expect.any(String),
      kpi: expect.any(String),
      kind: `C${r}`,
      period: `D${r}`,
      value: `E${r}`,
      unit: `F${r}`,
      department: `G${r}`,
    };
    expect({ ...vegetableTarget.cells }).toEqual(cells);
    expect(JSON.parse(JSON.stringify(vegetableTarget.cells))).toEqual(cells);
  });

  it('finds no error in the clean transcription', async () => {
    // The whole of 基本目標1: a part of it would lack KPIs its items define (kpi-schema.missing-kpi).
    const result = validateWorkbook(await snapshotOf(await buildKpiWorkbook([goal1Complete])), strategy);
    expect(result.sheets[0]!.findings).toEqual([]);
  });

  it('reports an unrecognized sheet with the headers it missed, not a guess', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('メモ').getCell('A1').value = '打合せメモ';
    const result = validateWorkbook(await snapshotOfWorkbook(wb), strategy);
    expect(result.sheets[0]).toMatchObject({ template: 'unknown', rows: 0 });
    const message = result.sheets[0]!.findings[0]!.message;
    expect(message).toContain('KPI表: 施策体系、重要業績評価指標(KPI)、数値');
    expect(message).toContain('進捗報告: 具体的な施策、所管部署、年度(実績)、年度(取組予定)');
    expect(message).toContain('主要施策成果シート: 事業名、事業費総額、評価');
  });
});
