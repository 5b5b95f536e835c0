import ExcelJS from 'exceljs';
import JSZip from 'jszip';
const make = () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('KPI');
  for (let i = 0; i < 12000; i++)
    ws.addRow([
      'ア 持続的成長を目指した水産業の振興',
      `・指標${i}`,
      '実績値',
      'H27年度',
      `${i}`,
      '件',
      '部署',
    ]);
  return wb;
};
for (let round = 0; round < 3; round++) {
  let t = performance.now();
  const a = await JSZip.loadAsync(await make().xlsx.writeBuffer());
  a.file('xl/worksheets/sheet1.xml', (await a.file('xl/worksheets/sheet1.xml')!.async('string')) + ' ');
  await a.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  const ta = performance.now() - t;
  t = performance.now();
  const b = await JSZip.loadAsync(await make().xlsx.writeBuffer({ zip: { compression: 'STORE' } }));
  b.file('xl/worksheets/sheet1.xml', (await b.file('xl/worksheets/sheet1.xml')!.async('string')) + ' ');
  await b.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  const tb = performance.now() - t;
  t = performance.now();
  await make().xlsx.writeBuffer();
  console.log('A', ta.toFixed(0), 'B', tb.toFixed(0), 'raw', (performance.now() - t).toFixed(0));
}
