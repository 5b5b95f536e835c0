import { z } from 'zod';

export const SeveritySchema = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof SeveritySchema>;

/** One problem at one cell. The JSON shape is public (CLI, API): extend, never rename. */
export const FindingSchema = z.object({
  cell: z.string().nullable(),
  row: z.number().int().nullable(),
  column: z.string().nullable(),
  rule: z.string(),
  severity: SeveritySchema,
  message: z.string(),
  messageEn: z.string(),
  suggestion: z.string().nullable(),
  /** Set where findings of several sheets are listed together (API responses). */
  sheet: z.string().optional(),
});
export type Finding = z.infer<typeof FindingSchema>;

export const TemplateKindSchema = z.enum(['kpi', 'progress', 'project', 'unknown']);
export type TemplateKind = z.infer<typeof TemplateKindSchema>;

export const SheetReportSchema = z.object({
  sheet: z.string(),
  template: TemplateKindSchema,
  rows: z.number().int(),
  findings: z.array(FindingSchema),
});
export type SheetReport = z.infer<typeof SheetReportSchema>;

export const WorkbookReportSchema = z.object({
  file: z.string().optional(),
  sheets: z.array(SheetReportSchema),
});
export type WorkbookReport = z.infer<typeof WorkbookReportSchema>;

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}
