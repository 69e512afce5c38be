// A stand-in for the fetch API's types, which React Native declares as globals, without the DOM library: compiled with
// them alone, the library's declarations show that they need nothing else of the DOM.
declare class URL {
  constructor(url: string);
}
declare class Request {
  constructor(input: string);
}
interface RequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}
type RequestInfo = Request | string;
declare class Response {
  readonly status: number;
  readonly ok: boolean;
  text(): Promise<string>;
}
declare function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
