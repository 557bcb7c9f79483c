// What the UI records when the counsellor says a promotion's e-mail went from their own
// mail client (a draft Profilence prepared): the "sent" event, the same everywhere.
import type { Promotion } from "./bindings/Promotion";
import { promotionsRecordEvent } from "./ipc";

export const SENT_BY_MAIL_CLIENT = "Envoyée depuis la messagerie du conseiller ou de la conseillère.";

/** Marks each promotion of `ids` sent, from the counsellor's mail client. */
export function confirmSentByMailClient(ids: number[]): Promise<Promotion[]> {
  return promotionsRecordEvent(ids, {
    kind: "sent",
    on: "",
    comment: SENT_BY_MAIL_CLIENT,
    reason: null,
    interviewAt: "",
    contractType: null,
    startDate: "",
  });
}
