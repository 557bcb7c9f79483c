// State of the "Promouvoir" panel, shared by its parts (picker, chosen targets, pitch,
// sheet, delivery): what is chosen, the pitch and its live preview, the sheet's checks,
// how it goes out, and the sending with the core's refusals and warnings. Build it while
// the panel initialises: its effects (the debounced preview and sheet checks) live as
// long as the panel.
import { tick } from "svelte";
import type { Choices } from "../../bindings/Choices";
import type { ConfirmationNeeded } from "../../bindings/ConfirmationNeeded";
import type { Confirmations } from "../../bindings/Confirmations";
import type { Contact } from "../../bindings/Contact";
import type { Delivery } from "../../bindings/Delivery";
import type { DeliveryResult } from "../../bindings/DeliveryResult";
import type { MailSettings } from "../../bindings/MailSettings";
import type { MergeField } from "../../bindings/MergeField";
import type { PitchTemplate } from "../../bindings/PitchTemplate";
import type { PromoteInput } from "../../bindings/PromoteInput";
import type { Promotion } from "../../bindings/Promotion";
import type { PromotionChannel } from "../../bindings/PromotionChannel";
import type { SheetCheck } from "../../bindings/SheetCheck";
import type { TargetInfo } from "../../bindings/TargetInfo";
import { loadChoices } from "../../choices";
import { countLabel } from "../../format";
import {
  companiesGet,
  mailDraft,
  mailSend,
  mailSettingsGet,
  promotionsPitchPreview,
  promotionsPitchTemplates,
  promotionsPromote,
  promotionsSubjectPreview,
  promotionsTargetInfo,
  sheetsCheck,
  sheetsPreview,
  toIpcError,
  type IpcError,
} from "../../ipc";

/** Whom the panel promotes (a candidate, to companies) or to whom (a company, candidates). */
export type PromoteFrom = { kind: "candidate"; id: number; name: string } | { kind: "company"; id: number; name: string };

/** What became of the promotions' sending, when Profilence sent them or opened drafts. */
export type SendOutcome =
  | { kind: "email"; results: DeliveryResult[]; error: string | null }
  | { kind: "mailDraft"; opened: string[]; error: string | null };

const PREVIEW_DEBOUNCE_MS = 300;
const NO_CONFIRMATIONS: Confirmations = { repeatReason: "", overContactLimit: false };
const CHECK_DEBOUNCE_MS = 300;

/** One row of the picker: a company (candidate mode) or a candidate (company mode). */
export interface PromoteOption {
  id: number;
  name: string;
  details: string[];
  /** A candidate without valid consent: shown, not disabled (the core says why it refuses). */
  expired: boolean;
}

export interface Chosen extends PromoteOption {
  /** Candidate mode: the company's contacts, `null` while they load. */
  contacts: Contact[] | null;
  /** The contact's id as the select holds it; "" for none. */
  contactId: string;
  info: TargetInfo | null;
}

/** What the panel is given: read as it stands (the panel's props). */
export interface PromoteProps {
  readonly from: PromoteFrom;
  /**
   * Companies (candidate mode) or candidates (company mode) chosen before the panel opens
   * (ticked in « Cibler »): picked as the picker picks them, contacts and facts included.
   */
  readonly initial?: readonly PromoteOption[];
  /** The promotions created; with `outcome` when Profilence e-mailed them or opened drafts. */
  readonly onpromoted: (created: Promotion[], outcome?: SendOutcome) => void;
}

export class PromoteState {
  #props: PromoteProps;

  readonly toCandidate: boolean;
  /**
   * As many companies (candidate mode) or candidates (company mode) as the core promotes
   * at once (`choices.limits`); `null` until the choices are in (the core refuses beyond).
   */
  readonly max: number | null;
  /** The limit in words (`… entreprises`); "" until it is known. */
  readonly maxLabel: string;
  /** The limit as said once it is reached (`… entreprises au plus`). */
  readonly limitText: string;

  // Chosen.
  chosen = $state<Chosen[]>([]);
  /** Per chosen id: its contacts and facts, loaded; sending waits for them (the defaults). */
  #loading = new Map<number, Promise<void>>();
  readonly atLimit: boolean;

  // Company mode: the company's contacts, one for every promotion.
  companyContacts = $state<Contact[] | null>(null);
  companyContactId = $state("");
  companyInfo = $state<TargetInfo | null>(null);
  #companyLoaded: Promise<void> = Promise.resolve();
  /** The templates, and so the default pitch; sending waits for them. */
  #templatesLoaded: Promise<void> = Promise.resolve();

  // Channel, offer, pitch.
  choices = $state<Choices | null>(null);
  channel = $state<PromotionChannel>("email");
  offer = $state("");
  templates = $state<PitchTemplate[]>([]);
  fields = $state<MergeField[]>([]);
  /** The chosen template's key (`builtin-short`, `stored-12`). */
  templateKey = $state("");
  pitch = $state("");
  /** The e-mail subject, with its merge fields: the chosen template's. */
  subject = $state("");
  templatesError = $state<string | null>(null);
  preview = $state("");
  previewError = $state<string | null>(null);
  pitchError = $state<string | null>(null);
  subjectPreview = $state("");
  subjectError = $state<string | null>(null);
  #previewSeq = 0;
  #subjectSeq = 0;

  // The profile sheet and how it goes out.
  anonymous = $state(false);
  /**
   * The sheet and pitch show the sensitive publics (RQTH, RSA, QPV…) and their aids: ticked
   * when the person agreed; off by default and whenever the sheet is anonymised.
   */
  sensitive = $state(false);
  mail = $state<MailSettings | null>(null);
  delivery = $state<Delivery>("marked");
  /** The counsellor chose a delivery: the mail settings, once loaded, no longer choose it. */
  #deliveryChosen = false;
  sheetChecks = $state<SheetCheck[]>([]);
  sheetMessage = $state<string | null>(null);
  #checkSeq = 0;
  /** Only the e-mail channel is sent or drafted by Profilence; other channels are marked sent. */
  readonly effectiveDelivery: Delivery;
  readonly sendLabel: string;
  readonly shortened: SheetCheck[];

  // Sending.
  sending = $state(false);
  error = $state<{ message: string; details: string[] } | null>(null);
  /** Bound to the error alert, focused when the promotions are refused. */
  errorElement = $state<HTMLElement>();
  /** Errors the core put on a field, by `offer`, `channel`, `company-contact` or `contact-{id}`. */
  fieldErrors = $state<Record<string, string>>({});
  confirming = $state<{ needed: ConfirmationNeeded[]; send: boolean } | null>(null);
  repeatReason = $state("");

  readonly previewCandidate: number | null;
  readonly previewCompany: number | null;
  /** The candidates whose sheets go out: the page's own, or those chosen for the company. */
  readonly sheetCandidates: number[];

  constructor(props: PromoteProps) {
    this.#props = props;
    this.toCandidate = $derived(this.from.kind === "candidate");
    this.max = $derived.by(() => {
      const limits = this.choices?.limits;
      if (!limits) return null;
      return this.toCandidate ? limits.maxCompanies : limits.maxCandidates;
    });
    this.maxLabel = $derived.by(() => {
      if (this.max === null) return "";
      return this.toCandidate ? countLabel(this.max, "entreprise", "entreprises") : countLabel(this.max, "candidat", "candidats");
    });
    this.limitText = $derived(this.maxLabel === "" ? "" : `${this.maxLabel} au plus`);
    this.atLimit = $derived(this.max !== null && this.chosen.length >= this.max);
    this.effectiveDelivery = $derived<Delivery>(this.channel === "email" ? this.delivery : "marked");
    this.sendLabel = $derived(
      this.effectiveDelivery === "email"
        ? "Envoyer par e-mail"
        : this.effectiveDelivery === "mailDraft"
          ? "Préparer le brouillon"
          : "Confirmer l'envoi",
    );
    this.shortened = $derived(this.sheetChecks.filter((c) => c.cuts.length > 0));
    this.previewCandidate = $derived(this.toCandidate ? this.from.id : (this.chosen[0]?.id ?? null));
    this.previewCompany = $derived(this.toCandidate ? (this.chosen[0]?.id ?? null) : this.from.id);
    this.sheetCandidates = $derived(this.toCandidate ? [this.from.id] : this.chosen.map((c) => c.id));

    $effect(() => {
      const template = this.pitch;
      const candidateId = this.previewCandidate;
      const companyId = this.previewCompany;
      const jobOfferRef = this.offer.trim();
      void this.anonymous; // the preview names the candidate as the sheet does
      void this.sensitive; // and names the aids the sheet names
      if (candidateId === null || template.trim() === "") {
        this.#previewSeq++;
        this.preview = "";
        this.previewError = null;
        return;
      }
      const timer = setTimeout(() => void this.#loadPreview(template, candidateId, companyId, jobOfferRef), PREVIEW_DEBOUNCE_MS);
      return () => clearTimeout(timer);
    });

    $effect(() => {
      const subject = this.subject;
      const candidateId = this.previewCandidate;
      const companyId = this.previewCompany;
      const jobOfferRef = this.offer.trim();
      const shown = [this.anonymous, this.sensitive] as const;
      if (candidateId === null || subject.trim() === "") {
        this.#subjectSeq++;
        this.subjectPreview = "";
        this.subjectError = null;
        return;
      }
      const timer = setTimeout(() => void this.#loadSubject(subject, candidateId, companyId, jobOfferRef, shown), PREVIEW_DEBOUNCE_MS);
      return () => clearTimeout(timer);
    });

    $effect(() => {
      const ids = [...this.sheetCandidates];
      const anon = this.anonymous;
      const sensitive = this.sensitive;
      if (ids.length === 0) {
        this.#checkSeq++;
        this.sheetChecks = [];
        return;
      }
      const timer = setTimeout(() => void this.#loadChecks(ids, anon, sensitive), CHECK_DEBOUNCE_MS);
      return () => clearTimeout(timer);
    });
  }

  get from(): PromoteFrom {
    return this.#props.from;
  }

  /**
   * Loads what the panel offers: channels, pitch templates, the company's contacts, mail
   * settings; and picks the initial choice, if any.
   */
  start(): void {
    loadChoices()
      .then((loaded) => (this.choices = loaded))
      .catch(() => {}); // the channel select then offers only its default, the core alone says the limit
    // A candidate starts from the template of their first target job's domain.
    this.#templatesLoaded = promotionsPitchTemplates(this.toCandidate ? this.from.id : null)
      .then((loaded) => {
        this.templates = loaded.templates;
        this.fields = loaded.fields;
        const first = loaded.templates.find((t) => t.key === loaded.suggested) ?? loaded.templates[0];
        if (!first) return;
        this.templateKey = first.key;
        // Keeps what was typed while the templates loaded.
        if (this.pitch === "") this.pitch = first.body;
        if (this.subject === "") this.subject = first.subject;
      })
      .catch((reason) => {
        this.templatesError = toIpcError(reason).message;
      });
    if (!this.toCandidate) this.#companyLoaded = this.#loadCompany(this.from.id);
    mailSettingsGet()
      .then((loaded) => {
        this.mail = loaded;
        if (loaded.configured && !this.#deliveryChosen) this.delivery = "email";
      })
      .catch(() => {}); // without them, the counsellor sends the promotions themselves
    for (const option of this.#props.initial ?? []) this.pick(option, true);
  }

  isChosen(id: number): boolean {
    return this.chosen.some((c) => c.id === id);
  }

  pick(option: PromoteOption, checked: boolean): void {
    if (!checked) {
      this.remove(option.id);
      return;
    }
    if (this.isChosen(option.id) || this.atLimit) return;
    const first = this.chosen.length === 0;
    this.chosen.push({ ...option, details: [...option.details], contacts: null, contactId: "", info: null });
    this.#loading.set(option.id, this.#loadChosen(option.id));
    // Company mode: the first candidate chosen names the domain whose template to start from,
    // unless the counsellor already wrote in the pitch or the subject.
    if (!this.toCandidate && first) this.#templatesLoaded = this.#templatesLoaded.then(() => this.#suggestFor(option.id));
  }

  async #suggestFor(candidateId: number) {
    const current = this.templates.find((t) => t.key === this.templateKey);
    if (current && (this.pitch !== current.body || this.subject !== current.subject)) return;
    try {
      const { suggested } = await promotionsPitchTemplates(candidateId);
      const untouched = !current || (this.pitch === current.body && this.subject === current.subject);
      if (untouched && suggested !== this.templateKey) this.chooseTemplate(suggested);
    } catch {
      // The template stays the one shown: a suggestion only.
    }
  }

  remove(id: number): void {
    this.chosen = this.chosen.filter((c) => c.id !== id);
    this.#loading.delete(id);
    delete this.fieldErrors[`contact-${id}`];
  }

  /** The chosen one's contacts (defaulting to the first) and facts; failures leave the defaults. */
  async #loadChosen(id: number) {
    if (this.toCandidate) {
      const [company, info] = await Promise.allSettled([companiesGet(id), promotionsTargetInfo(this.from.id, [id])]);
      const item = this.chosen.find((c) => c.id === id);
      if (!item) return;
      const contacts = company.status === "fulfilled" ? company.value.contacts : [];
      item.contacts = contacts;
      item.contactId = contacts.length > 0 ? String(contacts[0].id) : "";
      if (info.status === "fulfilled") item.info = info.value.find((i) => i.companyId === id) ?? null;
    } else {
      try {
        const info = await promotionsTargetInfo(id, [this.from.id]);
        const item = this.chosen.find((c) => c.id === id);
        if (item) item.info = info[0] ?? null;
      } catch {
        // The last promotion is only a hint: the core warns anyway.
      }
    }
  }

  /** Company mode: the company's contacts (defaulting to the first) and its monthly contacts. */
  async #loadCompany(id: number) {
    const [company, info] = await Promise.allSettled([companiesGet(id), promotionsTargetInfo(null, [id])]);
    const contacts = company.status === "fulfilled" ? company.value.contacts : [];
    this.companyContacts = contacts;
    this.companyContactId = contacts.length > 0 ? String(contacts[0].id) : "";
    if (info.status === "fulfilled") this.companyInfo = info.value[0] ?? null;
  }

  chooseTemplate(key: string): void {
    this.templateKey = key;
    const template = this.templates.find((t) => t.key === key);
    if (!template) return;
    this.pitch = template.body;
    this.subject = template.subject;
  }

  async #loadChecks(ids: number[], anon: boolean, sensitive: boolean) {
    const mine = ++this.#checkSeq;
    try {
      const checks = await sheetsCheck(ids, anon, sensitive);
      if (mine === this.#checkSeq) this.sheetChecks = checks;
    } catch {
      // The warning is a help only: the sheet is checked again when it is made.
    }
  }

  /** Opens the sheet as it would go to the first company chosen (or unaddressed). */
  async previewSheet(): Promise<void> {
    this.sheetMessage = null;
    const candidateId = this.previewCandidate;
    if (candidateId === null) return;
    const first = this.chosen[0];
    const companyId = this.toCandidate ? (first?.id ?? null) : this.from.id;
    const contact = this.toCandidate ? first?.contactId : this.companyContactId;
    try {
      await sheetsPreview(candidateId, this.anonymous, companyId, contact ? Number(contact) : null, this.sensitive);
    } catch (reason) {
      this.sheetMessage = toIpcError(reason).message;
    }
  }

  /** Named or anonymised; an anonymised sheet never shows the sensitive publics. */
  chooseAnonymous(anonymous: boolean): void {
    this.anonymous = anonymous;
    if (anonymous) this.sensitive = false;
  }

  chooseDelivery(value: Delivery): void {
    this.delivery = value;
    this.#deliveryChosen = true;
  }

  /** Sends (or drafts) what was created; a failure leaves the promotions drafts. */
  async #deliver(created: Promotion[]): Promise<SendOutcome | undefined> {
    const ids = created.map((p) => p.id);
    if (this.effectiveDelivery === "email") {
      try {
        return { kind: "email", results: await mailSend(ids), error: null };
      } catch (reason) {
        return { kind: "email", results: [], error: toIpcError(reason).message };
      }
    }
    if (this.effectiveDelivery === "mailDraft") {
      try {
        return { kind: "mailDraft", opened: await mailDraft(ids), error: null };
      } catch (reason) {
        return { kind: "mailDraft", opened: [], error: toIpcError(reason).message };
      }
    }
    return undefined;
  }

  async #loadPreview(template: string, candidateId: number, companyId: number | null, jobOfferRef: string) {
    const mine = ++this.#previewSeq;
    try {
      const text = await promotionsPitchPreview(template, candidateId, companyId, jobOfferRef, this.anonymous, this.sensitive);
      if (mine !== this.#previewSeq) return;
      this.preview = text;
      this.previewError = null;
      this.pitchError = null;
    } catch (reason) {
      if (mine !== this.#previewSeq) return;
      const failure = toIpcError(reason);
      this.preview = "";
      const onPitch = failure.fields.find((f) => f.field === "pitchTemplate");
      if (onPitch) {
        this.pitchError = onPitch.message;
        this.previewError = null;
      } else {
        this.previewError = failure.message;
      }
    }
  }

  async #loadSubject(
    subject: string,
    candidateId: number,
    companyId: number | null,
    jobOfferRef: string,
    [anonymous, sensitive]: readonly [boolean, boolean],
  ) {
    const mine = ++this.#subjectSeq;
    try {
      const text = await promotionsSubjectPreview(subject, candidateId, companyId, jobOfferRef, anonymous, sensitive);
      if (mine !== this.#subjectSeq) return;
      this.subjectPreview = text;
      this.subjectError = null;
    } catch (reason) {
      if (mine !== this.#subjectSeq) return;
      const failure = toIpcError(reason);
      this.subjectPreview = "";
      this.subjectError = failure.fields.find((f) => f.field === "subjectTemplate")?.message ?? failure.message;
    }
  }

  #input(send: boolean, confirmations: Confirmations): PromoteInput {
    const contactOf = (value: string) => (value === "" ? null : Number(value));
    return {
      candidateIds: this.toCandidate ? [this.from.id] : this.chosen.map((c) => c.id),
      targets: this.toCandidate
        ? this.chosen.map((c) => ({ companyId: c.id, contactId: contactOf(c.contactId) }))
        : [{ companyId: this.from.id, contactId: contactOf(this.companyContactId) }],
      channel: this.channel,
      jobOfferRef: this.offer.trim(),
      pitchTemplate: this.pitch,
      subjectTemplate: this.subject,
      send,
      confirmations,
      anonymous: this.anonymous,
      sensitive: this.sensitive && !this.anonymous,
      delivery: send ? this.effectiveDelivery : "marked",
    };
  }

  async submit(send: boolean, confirmations: Confirmations = NO_CONFIRMATIONS): Promise<void> {
    if (this.sending || this.chosen.length === 0) return;
    this.sending = true;
    this.error = null;
    this.fieldErrors = {};
    try {
      // The defaults (pitch, contacts) are set once loaded.
      await Promise.all([this.#templatesLoaded, this.#companyLoaded, ...this.chosen.map((c) => this.#loading.get(c.id))]);
      const created = await promotionsPromote(this.#input(send, confirmations));
      this.confirming = null;
      const outcome = send ? await this.#deliver(created) : undefined;
      if (outcome) this.#props.onpromoted(created, outcome);
      else this.#props.onpromoted(created);
    } catch (reason) {
      const failure = toIpcError(reason);
      if (failure.kind === "confirmation" && failure.confirmations.length > 0) {
        this.confirming = { needed: failure.confirmations, send };
      } else {
        this.confirming = null;
        await this.#showError(failure);
      }
    } finally {
      this.sending = false;
    }
  }

  /** Resubmits the same promotions with every warning confirmed. */
  confirm(): void {
    if (!this.confirming) return;
    void this.submit(this.confirming.send, { repeatReason: this.repeatReason.trim(), overContactLimit: true });
  }

  async #showError(failure: IpcError) {
    const placed: Record<string, string> = {};
    const details: string[] = [];
    for (const f of failure.fields) {
      const target = /^targets\.(\d+)\.contactId$/.exec(f.field);
      if (f.field === "pitchTemplate") this.pitchError = f.message;
      else if (f.field === "subjectTemplate") this.subjectError = f.message;
      else if (f.field === "jobOfferRef") placed.offer = f.message;
      else if (f.field === "channel" || f.field === "delivery") placed.channel = f.message;
      else if (f.field === "sensitive") placed.sensitive = f.message;
      else if (target && !this.toCandidate) placed["company-contact"] = f.message;
      else if (target && this.chosen[Number(target[1])]) placed[`contact-${this.chosen[Number(target[1])].id}`] = f.message;
      else details.push(f.message);
    }
    this.fieldErrors = placed;
    this.error = { message: failure.message, details };
    await tick();
    this.errorElement?.focus();
  }
}
