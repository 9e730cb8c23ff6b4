/** 2. Data flow: the diagram of agent, policy engine, connectors and external systems. */
import type { PackageDoc } from '../../../../../shared/package/package-types.js';
import { MermaidDiagram } from '../../../components/mermaid-diagram.js';
import { Section } from './section.js';

export function DataFlowSection({ doc }: { doc: PackageDoc }) {
  return (
    <Section title="2. Data flow" testId="pkg-dataflow">
      <p className="muted">
        {doc.data_flow.nodes.length} nodes, {doc.data_flow.edges.length} edges: agent → policy engine →
        connector → external system, and the audit trail. Reads and writes, permitted, escalated and denied,
        are drawn apart.
      </p>
      <MermaidDiagram
        source={doc.data_flow.mermaid}
        label="Data flow of the package"
        testId="pkg-dataflow-diagram"
      />
    </Section>
  );
}
