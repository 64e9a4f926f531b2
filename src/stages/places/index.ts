export { geocodeDocument, namesOf, placesStage, runPlaces, toponymsOf, type Toponym } from "./places.js";
export {
  chooseEventPlaces,
  LOCATION_WEIGHTS,
  locativeBefore,
  scorePlace,
  type PlaceCandidate,
} from "./location.js";
