import { runStory } from "./story";

// `pnpm --filter @openleash/example-alice-buys-headphones start`: the seed story, step by step.
const width = 16;
runStory((step) => {
  console.log(`${step.actor.padEnd(width)} │ ${step.message}`);
}).then(
  (result) => {
    console.log("");
    console.log(`85 USD headphones:  ${result.headphones.message}`);
    console.log(
      `900 USD purchase:   ${result.bigPurchase.message} (approved by Alice: ${result.approvals.length})`,
    );
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
