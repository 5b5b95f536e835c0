import { declareRules } from './declare';

/** This family's rules: severity and line of docs/rules.md (messages: shared/messages.ts, by id). */
export const templateRules = declareRules({
  'template.unrecognized': {
    severity: 'info',
    catalog: {
      checks:
        'A sheet that is none of the templates is reported with the headers each template missed, and not checked.',
      failing:
        'a sheet of meeting notes → `KPI表: 施策体系、重要業績評価指標(KPI)、数値 / 進捗報告: … / 主要施策成果シート: …`',
      passing: 'a sheet with 施策体系 / 重要業績評価指標(KPI) / 年・年度 / 数値 / 単位 / 所管部署',
    },
  },
});
