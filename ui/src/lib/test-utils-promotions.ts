// Builders of the promotion tests (event dialog, timeline, follow-ups), kept apart from `test-utils.ts`.
import type { FollowUp } from "./bindings/FollowUp";
import type { FollowUpPage } from "./bindings/FollowUpPage";
import type { MergeField } from "./bindings/MergeField";
import type { PitchTemplates } from "./bindings/PitchTemplates";
import type { Promotion } from "./bindings/Promotion";
import type { PromotionEvent } from "./bindings/PromotionEvent";
import type { PromotionSettings } from "./bindings/PromotionSettings";

export function promotion(id: number, overrides: Partial<Promotion> = {}): Promotion {
  return {
    id,
    candidateId: 7,
    candidateName: "Léa Martin",
    companyId: 3,
    companyName: "Boulangerie Kerbrat",
    contact: { name: "Paul Durand", role: "gérant", email: "paul.durand@example.fr", phone: "06 12 34 56 78" },
    jobOfferRef: null,
    counsellor: "Claire Morel",
    channel: "email",
    pitch: "Léa est boulangère depuis 5 ans.",
    subject: null,
    repeatReason: null,
    sensitiveShown: false,
    sensitiveReason: null,
    status: "sent",
    statusAt: "2026-11-02T09:00:00Z",
    statusUndated: false,
    sentAt: "2026-11-02T09:00:00Z",
    lastContactAt: "2026-11-02T09:00:00Z",
    reminders: 0,
    answeredAt: null,
    reason: null,
    createdAt: "2026-11-02T09:00:00Z",
    nextEvents: [
      "reminded",
      "interested",
      "interview_planned",
      "information_requested",
      "refused",
      "no_answer",
      "kept_on_file",
      "withdrawn",
      "note",
      "correction",
    ],
    ...overrides,
  };
}

export function promotionEvent(id: number, overrides: Partial<PromotionEvent> = {}): PromotionEvent {
  return {
    id,
    kind: "sent",
    at: "2026-11-02T09:00:00Z",
    undated: false,
    recordedAt: "2026-11-02T09:00:00Z",
    author: "Claire Morel",
    comment: "",
    reason: null,
    interviewAt: null,
    contractType: null,
    startDate: null,
    corrects: null,
    cancelled: false,
    ...overrides,
  };
}

export function promotionSettings(overrides: Partial<PromotionSettings> = {}): PromotionSettings {
  return { reminderDays: 7, urgentDays: 15, noAnswerDays: 30, repeatWindowDays: 90, waitingDays: 30, ...overrides };
}

export function followUp(p: Promotion, overrides: Partial<Omit<FollowUp, "promotion">> = {}): FollowUp {
  return { promotion: p, waitingDays: 9, daysSinceContact: 9, urgent: false, ...overrides };
}

export function followUpPage(items: FollowUp[], overrides: Partial<Omit<FollowUpPage, "items">> = {}): FollowUpPage {
  return {
    items,
    total: items.length,
    urgent: items.filter((f) => f.urgent).length,
    settings: promotionSettings(),
    ...overrides,
  };
}

/** « Promouvoir »'s templates: one built-in template with `body`, and `fields`. */
export function pitchTemplates(body: string, fields: MergeField[] = []): PitchTemplates {
  return {
    templates: [
      {
        reference: { kind: "builtin", id: "short" },
        key: "builtin-short",
        title: "Présentation courte",
        subject: "Proposition de candidature : {métier}",
        body,
        builtin: true,
        defaultFor: [],
      },
    ],
    fields,
    domains: [],
    suggested: "builtin-short",
    maxTitle: 80,
    maxSubject: 200,
    maxBody: 5000,
  };
}
