/** Section 2: the data-flow diagram and its flows. */
import type { ReactElement } from 'react';
import { Text } from '@react-pdf/renderer';
import type { PackageDoc } from '../../../../shared/package/package-types.js';
import { h, heading, n, s, table, type PdfSection } from '../kit/primitives.js';
import { flowDiagram } from '../kit/charts.js';

export function dataFlowSection(doc: PackageDoc): ReactElement[] {
  const label = new Map(doc.data_flow.nodes.map((nd) => [nd.id, nd.label]));
  return [
    heading(DATA_FLOW_SECTION),
    h(
      Text,
      { style: s.p },
      'Every call passes the policy engine, which records its decision in the audit trail. Permitted calls reach the connector and its external system; escalated calls wait for a reviewer; denied calls stop at the gate. Thick lines are writes, thin lines reads.',
    ),
    flowDiagram(doc),
    h(Text, { style: s.h2 }, 'Flows'),
    table(
      [
        { title: 'From', flex: 3 },
        { title: 'To', flex: 3 },
        { title: 'Access', flex: 1 },
        { title: 'Outcome', flex: 1.3 },
        { title: 'Calls', flex: 1, align: 'right' },
      ],
      doc.data_flow.edges.map((e) => [label.get(e.from) ?? e.from, label.get(e.to) ?? e.to, e.access, e.outcome ?? '-', n(e.count)]),
      { what: 'flows' },
    ),
    // The diagram's source is data, not reading matter: it travels in the package JSON.
    h(Text, { style: s.note }, 'The diagram is kept as Mermaid text in the package JSON (data_flow.mermaid), not printed here.'),
  ];
}

/** Section dataflow: its anchor, title and body. */
export const DATA_FLOW_SECTION: PdfSection = { id: 'dataflow', title: '2. Data flow', render: (ctx) => dataFlowSection(ctx.doc) };
