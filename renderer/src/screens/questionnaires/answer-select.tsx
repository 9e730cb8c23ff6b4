/** The choice of an answer (Yes … Not evidenced), one control for the review's override and the library's fixed answer. */
import {
  ANSWER_LABELS,
  ANSWER_VALUES,
  type AnswerValue,
} from '../../../../shared/questionnaire/questionnaire-types.js';

export function AnswerSelect({
  value,
  testId,
  onChange,
}: {
  value: AnswerValue;
  testId: string;
  onChange: (a: AnswerValue) => void;
}) {
  return (
    <select value={value} data-testid={testId} onChange={(e) => onChange(e.target.value as AnswerValue)}>
      {ANSWER_VALUES.map((a) => (
        <option key={a} value={a}>
          {ANSWER_LABELS[a]}
        </option>
      ))}
    </select>
  );
}
