// Package notebook is the recruiting notebook: the record schema, one JSON
// file per interview written atomically under an advisory lock, queries,
// follow-up dates, export, and the reflection form with the saving of it.
// It knows nothing of Google, and draws no pages.
//
// The reflection form holds every prompt of the post-interview reflection
// tool (the seed form, sections 1 to 10) and the other things worth
// noting. It exists in three shapes that share one definition of its
// fields: the Markdown form (RenderForm, ParseForm: `debrief form`,
// `debrief reflect --file` and the editor), the prompts (AskForm), and the
// form as data for the web app's page (Spec, FormValues, ApplyValues):
// each field has a Key, its JSON path in the record, and its answer is the
// same text in all three, checked by the same code. However it was filled
// in, a reflection is saved by Book.Reflect, which applies only the
// answers the person changed since the form was made: a form carries a
// Base (the record's revision and a fingerprint of each answer), so a form
// finished days later never reverts a thank-you marked sent meanwhile,
// and an answer changed on both sides is refused as a *ConflictError
// showing both values.
//
// It must not know about Google, and must not draw pages.
package notebook
