/**
 * `POST /bids/v1/competitions/{id}/ballots/` — a provider's ballot: one bid per service window it bids into, with
 * the set of assets it bids with. All eight rules of docs/domain.md §1 are the domain's (`validateBallot`, ballot.ts);
 * a broken rule answers 400 naming the field and the rule, and nothing is stored.
 *
 * One transaction, serialised per (competition, provider) by `lockKey`: read the competition, the provider's
 * entered assets and its active ballot's asset set → the domain decides → supersede the active ballot and store the
 * new one as active (rule 7; a partial unique index also holds it). `created` is strictly increasing per provider
 * and competition, so the newest ballot is always the active one.
 */
import { Type } from "typebox";
import { lockKey } from "../../db/lock.js";
import { type AuditActor, recordAudit } from "../../db/repositories/audit.js";
import { listEntryAssets, listOwnAssetIds } from "../../db/repositories/marketplace/assets.js";
import {
  findActiveBallotAssets,
  insertBallot,
  type StoredBallot,
  supersedeBallot,
} from "../../db/repositories/marketplace/ballots.js";
import { listEntries } from "../../db/repositories/marketplace/qualifications.js";
import { loadPublishedCompetition } from "../../db/repositories/marketplace/visibility.js";
import { unwrap } from "../../domain/errors.js";
import {
  MAX_ASSETS_PER_BALLOT,
  MAX_BIDS_PER_BALLOT,
  MAX_DURATION_LENGTH,
  MAX_LABEL_LENGTH,
  MAX_RATES_PER_BID,
} from "../../domain/limits.js";
import { type BallotContext, validateBallot } from "../../domain/marketplace/ballot.js";
import { enteredQualifiedAssets } from "../../domain/marketplace/qualification.js";
import { actorOf, principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { newShortId } from "../../ids.js";
import { Id } from "../../wire/atoms.js";
import { BallotWire, ballotToWire, Gbp, IdParams, Mw } from "../../wire/marketplace.js";
import { contextOf, type UseCaseContext } from "../context.js";

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

/** Validates and stores a ballot. Throws AppError (404 unknown competition, 400 a broken rule) and changes nothing then. */
export async function submitBallot({ db, now }: UseCaseContext, input: SubmitBallotInput): Promise<StoredBallot> {
  const { providerId, competitionId } = input;
  return db.kysely.transaction().execute(async (tx) => {
    // What the ballot is judged against is read before the lock, which guards only the provider's ballots for the
    // competition (one active: rule 7); on PostgreSQL that keeps four round trips out of the time the lock is held
    // (docs/marketplace.md, "Where the time goes").
    const competition = await loadPublishedCompetition(tx, competitionId);
    const [assets, entries] = await Promise.all([
      listEntryAssets(tx, competitionId, providerId),
      listEntries(tx, providerId, competitionId),
    ]);
    await lockKey(tx, `ballot:${competitionId}:${providerId}`);
    const active = await findActiveBallotAssets(tx, competitionId, providerId);
    const ctx: BallotContext = {
      competition,
      now,
      pathCompetitionId: competitionId,
      qualifiedAssets: enteredQualifiedAssets(competition, assets, entries),
      existingAssetSet: active?.assets ?? null,
    };
    let result = validateBallot(input.body, ctx);
    if (!result.ok && result.error.code === "asset_not_qualified") {
      // Only on this error path: name the provider's own asset as "not entered" rather than "not yours".
      result = validateBallot(input.body, { ...ctx, ownAssetIds: await listOwnAssetIds(tx, providerId) });
    }
    const ballot = unwrap(result);
    const stored: StoredBallot = {
      id: newShortId(),
      competitionId,
      providerId,
      created: active === undefined ? now : Math.max(now, active.created + 1),
      status: "active",
      assets: ballot.assets,
      bids: ballot.bids.map((bid) => ({ id: newShortId(), ...bid })),
    };
    if (active !== undefined) await supersedeBallot(tx, active.id);
    await insertBallot(tx, stored);
    await recordAudit(tx, input.actor, active === undefined ? "ballot.placed" : "ballot.replaced", stored.id, {
      competition_id: competitionId,
    });
    return stored;
  });
}

export const submitBallotOperation: Operation = (app, deps) => {
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
      const ballot = await submitBallot(contextOf(deps), {
        providerId: organisationId,
        competitionId: request.params.id,
        body: request.body,
        actor: actorOf(request),
      });
      return reply.code(201).send(ballotToWire(ballot));
    },
  );
};
