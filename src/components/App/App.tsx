import React from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { AppRootProps } from '@grafana/data';
import { SceneApp, useSceneApp } from '@grafana/scenes';
import { ROUTES, prefixRoute } from '../../constants';
import { AppJsonData, setAppSettings } from '../../settings';
import { appPages } from './appPages';

/** The app's one SceneApp: URL sync on, so time range and variables live in the URL. */
export function getSceneApp(): SceneApp {
  return new SceneApp({
    pages: appPages(),
    urlSyncOptions: { updateUrlOnInit: true, createBrowserHistorySteps: true },
  });
}

function AppScenes() {
  const scene = useSceneApp(getSceneApp);
  return <scene.Component model={scene} />;
}

/** App root: stores the app settings for scene factories, sends `/` to the Cluster page, renders the SceneApp. */
function App(props: AppRootProps<AppJsonData>) {
  setAppSettings(props.meta.jsonData);
  return (
    <Routes>
      <Route index element={<Navigate to={prefixRoute(ROUTES.Cluster)} replace />} />
      <Route path="*" element={<AppScenes />} />
    </Routes>
  );
}

export default App;
