/**
 * `POST /bids/v1/competitions/{id}/ballots/` — a provider's ballot: one bid per service window it bids into, with
 * the set of assets it bids with. All eight rules of docs/domain.md §1 are the domain's (`validateBallot`, ballot.ts);
 * a broken rule answers 400 naming the field and the rule, and nothing is stored.
 *
 * One transaction per group of the provider's ballots for the competition that arrive together (group commit,
 * docs/marketplace.md), serialised per (competition, provider) by `lockKey`: read the competition, the provider's
 * entered assets and its active ballot's asset set → the domain decides, ballot by ballot → supersede the active
 * ballot and store the new ones, the newest active (rule 7; a partial unique index also holds it). `created` is
 * strictly increasing per provider and competition, so the newest ballot is always the active one.
 */
import { Type } from "typebox";
import { lockKey } from "../../db/lock.js";
import { type AuditActor, recordAudits } from "../../db/repositories/audit.js";
import { listEntryAssets, listOwnAssetIds } from "../../db/repositories/marketplace/assets.js";
import {
  findActiveBallotAssets,
  insertBallots,
  type StoredBallot,
  supersedeBallot,
} from "../../db/repositories/marketplace/ballots.js";
import { listEntries } from "../../db/repositories/marketplace/qualifications.js";
import { loadPublishedCompetition } from "../../db/repositories/marketplace/visibility.js";
import { AppError } from "../../domain/errors.js";
import {
  MAX_ASSETS_PER_BALLOT,
  MAX_BIDS_PER_BALLOT,
  MAX_DURATION_LENGTH,
  MAX_LABEL_LENGTH,
  MAX_RATES_PER_BID,
} from "../../domain/limits.js";
import { type BallotContext, validateBallot } from "../../domain/marketplace/ballot.js";
import { enteredQualifiedAssets } from "../../domain/marketplace/qualification.js";
import type { AssetIds } from "../../domain/marketplace/types.js";
import type { EpochMs } from "../../domain/time.js";
import { actorOf, principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { newShortId } from "../../ids.js";
import { Id } from "../../wire/atoms.js";
import { BallotWire, ballotToWire, Gbp, IdParams, Mw } from "../../wire/marketplace.js";
import { contextOf, type UseCaseContext } from "../context.js";
import { keyGroups } from "../key-groups.js";

/** A set of asset ids (null or empty: none of this kind). */
const AssetIdList = (description: string) =>
  Type.Union([Type.Array(Id(), { maxItems: MAX_ASSETS_PER_BALLOT, uniqueItems: true }), Type.Null()], { description });

/**
 * The body's shape, validated on the route before `validateBallot` judges its rules (ballot-body.property.test.ts
 * proves the two agree on shape).
 */
export const BallotBody = Type.Object(
  {
    competition_id: Id({ description: "The competition of the URL" }),
    bids: Type.Array(
      Type.Object(
        {
          service_window_id: Id(),
          capacity: Mw("Capacity offered; ≤ the window's capacity_required and ≤ the ballot's assets"),
          max_runtime: Type.String({
            maxLength: MAX_DURATION_LENGTH,
            description: 'How long the assets can deliver: "HH:MM:SS", "D HH:MM:SS" or "DTHH:MM:SS"',
            examples: ["1T01:30:00"],
          }),
          rates: Type.Array(
            Type.Object(
              {
                type: Type.String({
                  maxLength: MAX_LABEL_LENGTH,
                  description: "Every rate type of the competition's type, once each",
                }),
                value: Gbp("The rate"),
              },
              { additionalProperties: false },
            ),
            { maxItems: MAX_RATES_PER_BID },
          ),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: MAX_BIDS_PER_BALLOT, description: "One bid per service window" },
    ),
    assets: Type.Optional(
      Type.Union(
        [
          Type.Object(
            {
              flex: Type.Optional(AssetIdList("Flex asset ids")),
              planned: Type.Optional(AssetIdList("Planned asset ids")),
            },
            { additionalProperties: false },
          ),
          Type.Null(),
        ],
        { description: "Omit (or null) to bid with all your assets qualified for and entered into the competition" },
      ),
    ),
  },
  { additionalProperties: false },
);

export interface SubmitBallotInput {
  readonly providerId: string;
  readonly competitionId: string;
  /** The JSON body as received. */
  readonly body: unknown;
  readonly actor: AuditActor;
}

/** One submission of a group: its input and the market instant it was received at. */
export interface BallotSubmission {
  readonly input: SubmitBallotInput;
  readonly now: EpochMs;
}

/** What became of one submission of a group: its stored ballot, or the error that refused it (nothing stored). */
export type BallotOutcome =
  | { readonly ok: true; readonly ballot: StoredBallot }
  | { readonly ok: false; readonly error: AppError };

/**
 * Validates and stores a group of one provider's ballots for one competition, in arrival order, in one transaction
 * (group commit, docs/marketplace.md): each is judged by the domain against the ballot before it (the stored active
 * one for the first) and supersedes it, so the group ends with its newest valid ballot active, exactly as if they
 * had come one after the other. A ballot that breaks a rule is refused alone and stores nothing. Throws (failing the
 * whole group) only for what fails them all: an unknown competition, a database error.
 */
export async function submitBallotGroup(
  db: UseCaseContext["db"],
  submissions: readonly BallotSubmission[],
): Promise<BallotOutcome[]> {
  const { providerId, competitionId } = submissions[0]!.input;
  if (submissions.some((s) => s.input.providerId !== providerId || s.input.competitionId !== competitionId)) {
    throw new Error("submitBallotGroup: one provider and competition per group");
  }
  return db.kysely.transaction().execute(async (tx) => {
    // What the ballots are judged against is read before the lock, which guards only the provider's ballots for the
    // competition (one active: rule 7); on PostgreSQL that keeps four round trips out of the time the lock is held
    // (docs/marketplace.md, "Where the time goes").
    const competition = await loadPublishedCompetition(tx, competitionId);
    const [assets, entries] = await Promise.all([
      listEntryAssets(tx, competitionId, providerId),
      listEntries(tx, providerId, competitionId),
    ]);
    await lockKey(tx, `ballot:${competitionId}:${providerId}`);
    const active = await findActiveBallotAssets(tx, competitionId, providerId);
    const qualifiedAssets = enteredQualifiedAssets(competition, assets, entries);
    let ownAssetIds: AssetIds | undefined;
    let previous: { created: EpochMs; assets: AssetIds } | undefined = active;
    const stored: StoredBallot[] = [];
    /** Who submitted each stored ballot, for its audit entry. */
    const actors: AuditActor[] = [];
    const outcomes: BallotOutcome[] = [];
    for (const { input, now } of submissions) {
      const ctx: BallotContext = {
        competition,
        now,
        pathCompetitionId: competitionId,
        qualifiedAssets,
        existingAssetSet: previous?.assets ?? null,
      };
      let result = validateBallot(input.body, ctx);
      if (!result.ok && result.error.code === "asset_not_qualified") {
        // Only on this error path: name the provider's own asset as "not entered" rather than "not yours".
        ownAssetIds ??= await listOwnAssetIds(tx, providerId);
        result = validateBallot(input.body, { ...ctx, ownAssetIds });
      }
      if (!result.ok) {
        outcomes.push({ ok: false, error: AppError.from(result.error) });
        continue;
      }
      const ballot: StoredBallot = {
        id: newShortId(),
        competitionId,
        providerId,
        created: previous === undefined ? now : Math.max(now, previous.created + 1),
        status: "active",
        assets: result.value.assets,
        bids: result.value.bids.map((bid) => ({ id: newShortId(), ...bid })),
      };
      // The one before it in this group is superseded by it before either is stored.
      const last = stored.length - 1;
      if (last >= 0) stored[last] = { ...stored[last]!, status: "superseded" };
      stored.push(ballot);
      actors.push(input.actor);
      outcomes.push({ ok: true, ballot });
      previous = ballot;
    }
    if (stored.length === 0) return outcomes;
    if (active !== undefined) await supersedeBallot(tx, active.id);
    await insertBallots(tx, stored);
    await recordAudits(
      tx,
      stored.map((b, i) => ({
        actor: actors[i]!,
        action: i > 0 || active !== undefined ? "ballot.replaced" : "ballot.placed",
        objectId: b.id,
        detail: { competition_id: competitionId },
      })),
    );
    // Each answer shows its ballot as stored: superseded already when a later one of its group replaced it.
    const byId = new Map(stored.map((b) => [b.id, b]));
    return outcomes.map((o) => (o.ok ? { ok: true, ballot: byId.get(o.ballot.id)! } : o));
  });
}

/** Validates and stores one ballot. Throws AppError (404 unknown competition, 400 a broken rule) and changes nothing then. */
export async function submitBallot({ db, now }: UseCaseContext, input: SubmitBallotInput): Promise<StoredBallot> {
  const [outcome] = await submitBallotGroup(db, [{ input, now }]);
  if (!outcome!.ok) throw outcome!.error;
  return outcome!.ballot;
}

/**
 * Ballots in one group at most, counted in bids (a ballot holds up to MAX_BIDS_PER_BALLOT): a group's transaction
 * stays about as large as one large ballot's.
 */
const MAX_GROUP_BIDS = 2 * MAX_BIDS_PER_BALLOT;

/** A ballot body's weight in a group: its bids (the route's schema has checked the body's shape). */
const bidsIn = (body: unknown): number => (body as { bids: readonly unknown[] }).bids.length;

export const submitBallotOperation: Operation = (app, deps) => {
  // Group commit: a provider's ballots for one competition that arrive while its previous group is being stored are
  // stored together, in one transaction (key-groups.ts).
  const groups = keyGroups<BallotSubmission, BallotOutcome>({
    run: (_key, submissions) => submitBallotGroup(deps.db, submissions),
    maxWeight: MAX_GROUP_BIDS,
    weight: (s) => bidsIn(s.input.body),
  });
  app.post(
    "/bids/v1/competitions/:id/ballots/",
    {
      schema: {
        tags: ["bidding"],
        summary: "Submit a ballot (one bid per service window) for an open competition",
        params: IdParams,
        body: BallotBody,
        response: { 201: BallotWire, ...errorResponses(400, 401, 403, 404) },
      },
      config: { auth: "provider" },
    },
    async (request, reply) => {
      const { organisationId } = principalOf(request);
      const input: SubmitBallotInput = {
        providerId: organisationId,
        competitionId: request.params.id,
        body: request.body,
        actor: actorOf(request),
      };
      const outcome = await groups.submit(`${input.competitionId} ${input.providerId}`, {
        input,
        now: contextOf(deps).now,
      });
      if (!outcome.ok) throw outcome.error;
      return reply.code(201).send(ballotToWire(outcome.ballot));
    },
  );
};
