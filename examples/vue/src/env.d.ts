// Types the ih-… tags in this app's templates: Vue's GlobalComponents, generated from the
// custom-elements manifest (vue-tsc checks the templates against them).
import type {} from '@ihkit/widgets/vue';
