export { ApiError, notFound, type ProblemExtensions } from "./api-error";
export { ERROR_CATALOGUE, ERROR_CODES, type ErrorCode } from "./catalogue";
export {
  createErrorHandler,
  describeZodError,
  malformedJson,
  notFoundHandler,
  PROBLEM_CONTENT_TYPE,
  PROBLEM_TYPE_BASE,
  type ProblemDocument,
  problemResponse,
  toApiError,
  toProblem,
  validationError,
  validationHook,
} from "./problem";
